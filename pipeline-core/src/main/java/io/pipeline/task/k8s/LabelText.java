package io.pipeline.task.k8s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes label and name syntax. A label value is at most 63 characters of {@code [A-Za-z0-9_.-]}, starting and
 * ending with a letter or digit; run ids such as {@code manual__2026-03-02T12:00:00+00:00} are not. Values that
 * had to change get a hash of the original appended, so that two different ids never share a label value.
 */
final class LabelText {

    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern NAME_PART = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private LabelText() {
    }

    /** The value itself when it is a valid label value, else a readable form with a hash of the original. */
    static String value(String raw) {
        if (VALUE.matcher(raw).matches()) {
            return raw;
        }
        String readable = raw.replaceAll("[^A-Za-z0-9_.-]", "_").replaceAll("^[^A-Za-z0-9]+", "");
        if (readable.length() > 53) {
            readable = readable.substring(0, 53);
        }
        readable = readable.replaceAll("[^A-Za-z0-9]+$", "");
        return (readable.isEmpty() ? "" : readable + "-") + hash(raw, 9);
    }

    /** A DNS-1123 label (lower case, digits, '-') of at most {@code max} characters made from free text. */
    static String dnsPart(String raw, int max) {
        String s = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+", "");
        if (s.length() > max) {
            s = s.substring(0, max);
        }
        return s.replaceAll("-+$", "");
    }

    static String hash(String text, int hexChars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks a label (or node selector) key and value given by a DAG author. */
    static void checkLabel(String what, String key, String value) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean keyOk = NAME_PART.matcher(name).matches()
                && (slash < 0 || PREFIX.matcher(key.substring(0, slash)).matches());
        JobSpec.require(keyOk, what + " key '" + key + "' is not valid label syntax");
        JobSpec.require(value != null && VALUE.matcher(value).matches(), what + " " + key + ": value '" + value
                + "' is not valid label syntax (at most 63 of A-Z a-z 0-9 - _ . , starting and ending alphanumeric)");
    }
}
