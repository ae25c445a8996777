package io.pipeline.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one rule for whether a name (a connection extra, a Spark conf key, an environment variable, a header) holds a
 * secret, so that its value is masked. Case does not matter and {@code -}, {@code _}, {@code .} and spaces are only
 * separators: {@code api-key}, {@code api_key}, {@code apikey}, {@code X-Api-Key} and {@code apiKey} are one name.
 * <p>
 * Long words ({@code password}, {@code secret}, {@code token}, {@code credential}, ...) match anywhere in the name.
 * Short ones match a whole word or the end of a run-together word ({@code apikey}, {@code oauth}): {@code auth} (also
 * at the start, {@code authorization}), {@code sig}, {@code sas}, {@code pwd}, {@code jwt} anywhere; {@code key},
 * {@code pass} and {@code session} only in the last word, so that {@code keyspace}, {@code key_file} or
 * {@code spark.sql.session.timeZone} stay readable while {@code secret.key} and {@code aws_session} do not. Names of
 * things ({@code ..._param}, {@code ..._name}, {@code ..._id}, e.g. {@code token_param=api_token}) are not secrets.
 * When in doubt the rule masks.
 */
public final class SecretNames {

    private static final List<String> ANYWHERE = List.of("password", "passwd", "secret", "token", "credential",
            "signature", "bearer", "private", "cookie");
    private static final List<String> ANY_WORD_ENDING = List.of("pwd", "auth", "sig", "sas", "jwt");
    private static final List<String> LAST_WORD_ENDING = List.of("key", "pass", "session");
    private static final Set<String> NAMES_OF_THINGS = Set.of("param", "name", "id");
    private static final Set<String> NOT_AUTH = Set.of("author", "authors");

    private SecretNames() {
    }

    public static boolean isSecret(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        List<String> words = words(name);
        if (words.isEmpty() || words.size() > 1 && NAMES_OF_THINGS.contains(words.getLast())) {
            return false;
        }
        String joined = String.join("", words);
        if (ANYWHERE.stream().anyMatch(joined::contains)) {
            return true;
        }
        for (String w : words) {
            if (!NOT_AUTH.contains(w) && (w.startsWith("auth") || ANY_WORD_ENDING.stream().anyMatch(w::endsWith))) {
                return true;
            }
        }
        return LAST_WORD_ENDING.stream().anyMatch(words.getLast()::endsWith);
    }

    /**
     * Lower-case words without trailing digits, split at separators and at lower-to-upper case changes
     * ({@code apiKey2}: api, key).
     */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = 0;
        for (char c : name.toCharArray()) {
            boolean separator = !Character.isLetterOrDigit(c);
            boolean camel = Character.isUpperCase(c) && Character.isLowerCase(previous);
            if ((separator || camel) && !word.isEmpty()) {
                add(words, word);
            }
            if (!separator) {
                word.append(c);
            }
            previous = c;
        }
        if (!word.isEmpty()) {
            add(words, word);
        }
        return words;
    }

    private static void add(List<String> words, StringBuilder word) {
        String w = word.toString().toLowerCase(Locale.ROOT).replaceFirst("\\d+$", "");
        word.setLength(0);
        if (!w.isEmpty()) {
            words.add(w);
        }
    }
}
