package io.pipeline.store;

/**
 * A stored variable. {@code value} is the plain text (decrypted); null in listings, which do not decrypt.
 *
 * @param encrypted whether the value is stored encrypted
 */
public record VariableRow(String key, String value, String description, boolean encrypted) {

    @Override
    public String toString() {
        return "VariableRow[" + key + "]";
    }
}
