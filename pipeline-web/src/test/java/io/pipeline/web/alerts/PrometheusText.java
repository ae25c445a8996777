package io.pipeline.web.alerts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a {@code /actuator/prometheus} scrape (Prometheus text format), for assertions. */
record PrometheusText(List<Sample> samples) {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
        boolean has(Map<String, String> wanted) {
            return labels.entrySet().containsAll(wanted.entrySet());
        }
    }

    static PrometheusText parse(String body) {
        List<Sample> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new PrometheusText(samples);
    }

    /** The one sample of {@code name} whose labels include {@code labels}. */
    Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.has(labels)).toList();
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples of " + name + " match " + labels + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }

    double require(String name, Map<String, String> labels) {
        return value(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels + " among "
                + samples.stream().filter(s -> s.name().startsWith(name)).toList()));
    }

    /** The metric a sample belongs to: its name without a timer's or summary's _count, _sum, _max or _bucket. */
    static String family(String sampleName) {
        return sampleName.replaceFirst("_(count|sum|max|bucket)$", "");
    }

    /** Every sample name (with its _total, _count, _sum, _max, _bucket suffix) starting with {@code prefix}. */
    Set<String> names(String prefix) {
        Set<String> names = new TreeSet<>();
        samples.stream().map(Sample::name).filter(n -> n.startsWith(prefix)).forEach(names::add);
        return names;
    }
}
