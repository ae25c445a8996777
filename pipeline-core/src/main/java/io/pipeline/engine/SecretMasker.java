package io.pipeline.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces registered secret values by {@code ***} in task logs, also in their URL-encoded forms (a secret with
 * {@code /} or a space shows as {@code %2F}, {@code +} or {@code %20} in a logged URL). Longer secrets are replaced
 * first so that a secret containing another is masked whole. Values shorter than 4 characters are ignored (they would
 * mask ordinary text).
 */
public final class SecretMasker {
    public static final String MASK = "***";
    private static final int MIN_LENGTH = 4;

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    public synchronized void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        boolean added = false;
        for (String form : forms(secret)) {
            if (!secrets.contains(form)) {
                secrets.add(form);
                added = true;
            }
        }
        if (added) {
            secrets.sort(Comparator.comparingInt(String::length).reversed());
        }
    }

    public void registerAll(Iterable<String> values) {
        values.forEach(this::register);
    }

    public String mask(String text) {
        if (text == null || text.isEmpty() || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /** The secret as written, form-encoded ({@code +} for a space) and percent-encoded ({@code %20}). */
    private static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        forms.add(encoded);
        forms.add(encoded.replace("+", "%20"));
        return forms;
    }
}
