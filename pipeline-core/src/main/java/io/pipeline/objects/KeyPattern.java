package io.pipeline.objects;

import java.util.regex.Pattern;

/** A compiled wildcard over keys: {@code *} within a segment, {@code **} across segments, {@code ?} one character. */
public record KeyPattern(String pattern, String literalPrefix, Pattern regex) {

    public static KeyPattern compile(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("key pattern is empty");
        }
        if (pattern.startsWith("/") || pattern.contains("..")) {
            throw new IllegalArgumentException("key pattern '" + pattern + "' must be relative and contain no '..'");
        }
        StringBuilder regex = new StringBuilder();
        int firstWildcard = -1;
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '*' || ch == '?') {
                if (firstWildcard < 0) {
                    firstWildcard = i;
                }
                if (ch == '?') {
                    regex.append("[^/]");
                } else if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else {
                    regex.append("[^/]*");
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        String prefix = firstWildcard < 0 ? pattern : pattern.substring(0, firstWildcard);
        // list by whole directories so that stores which list by prefix need no partial-segment support
        int slash = prefix.lastIndexOf('/');
        String listPrefix = slash < 0 ? "" : prefix.substring(0, slash + 1);
        return new KeyPattern(pattern, listPrefix, Pattern.compile(regex.toString()));
    }

    public boolean hasWildcard() {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    public boolean matches(String key) {
        return regex.matcher(key).matches();
    }
}
