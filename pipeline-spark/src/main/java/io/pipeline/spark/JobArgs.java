package io.pipeline.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} arguments of the applications; unknown or repeated names fail naming them. */
final class JobArgs {

    private JobArgs() {
    }

    static Map<String, String> parse(String[] argv, String... known) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i += 2) {
            String name = argv[i];
            if (!name.startsWith("--") || !List.of(known).contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown argument '" + name + "'; expected --" + String.join(", --", known));
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException("argument " + name + " has no value");
            }
            if (out.put(name.substring(2), argv[i + 1]) != null) {
                throw new IllegalArgumentException("argument " + name + " is given twice");
            }
        }
        return out;
    }

    static String required(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing argument --" + name);
        }
        return v;
    }
}
