package io.pipeline.engine;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Replaces registered secret values by {@code ***} in task logs. Longer secrets are replaced first so that a secret
 * containing another is masked whole. Values shorter than 4 characters are ignored (they would mask ordinary text).
 */
public final class SecretMasker {
    public static final String MASK = "***";
    private static final int MIN_LENGTH = 4;

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    public void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH || secrets.contains(secret)) {
            return;
        }
        secrets.add(secret);
        secrets.sort(Comparator.comparingInt(String::length).reversed());
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
}
