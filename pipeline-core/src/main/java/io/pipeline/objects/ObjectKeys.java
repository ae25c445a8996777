package io.pipeline.objects;

/**
 * The rules every key obeys in every store, so that a key valid on S3 is valid on disk and cannot escape the
 * local root: relative, '/'-separated, no empty, {@code .} or {@code ..} segments, no backslash or control
 * characters, at most 1024 bytes.
 */
public final class ObjectKeys {

    public static final int MAX_LENGTH = 1024;

    private ObjectKeys() {
    }

    public static String validate(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("object key is longer than " + MAX_LENGTH + " characters: " + key.substring(0, 60) + "...");
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("object key '" + key + "' must be relative (no leading '/')");
        }
        if (key.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("object key '" + key + "' contains a backslash");
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new IllegalArgumentException("object key '" + key.replaceAll("\\p{Cntrl}", "?") + "' contains a control character");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key '" + key + "' has an empty, '.' or '..' segment");
            }
        }
        return key;
    }

    /** A prefix may be empty or end with '/'; otherwise it follows the key rules. */
    public static String validatePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        return prefix;
    }
}
