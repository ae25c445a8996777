package io.pipeline.connect;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AES-256-GCM for secrets at rest (variable values, connection passwords and extras). The key is
 * {@code PIPELINE_SECRET_KEY}: 32 random bytes in base64 ({@code openssl rand -base64 32}). Older keys, during a
 * rotation, go in {@code PIPELINE_SECRET_KEY_PREVIOUS} (comma-separated): they decrypt, never encrypt.
 * <p>
 * A ciphertext is {@code v1:<key id>:<base64 of 12-byte nonce + ciphertext + tag>}; the key id is the first 8 hex
 * digits of the key's SHA-256, so a value names the key it needs without revealing it. Each value is bound to where
 * it is stored (the associated data, e.g. {@code variable:rates_url}): a ciphertext copied to another row does not
 * decrypt. Without a key the cipher is {@link #disabled()}: {@link #canEncrypt()} is false and
 * {@link #encrypt} throws {@link SecretKeyMissingException}; nothing is derived from anything else.
 */
public final class SecretCipher {

    public static final String KEY_ENV = "PIPELINE_SECRET_KEY";
    public static final String PREVIOUS_KEYS_ENV = "PIPELINE_SECRET_KEY_PREVIOUS";

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private SecretCipher(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * @param key      base64 of 32 bytes, or null/blank for no key
     * @param previous comma-separated older keys, or null/blank
     * @throws IllegalArgumentException naming the variable when a key is not base64 of 32 bytes
     */
    public static SecretCipher of(String key, String previous) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String currentId = null;
        if (key != null && !key.isBlank()) {
            SecretKeySpec spec = parse(KEY_ENV, key.trim());
            currentId = idOf(spec);
            keys.put(currentId, spec);
        }
        if (previous != null && !previous.isBlank()) {
            for (String old : previous.split(",")) {
                if (!old.isBlank()) {
                    SecretKeySpec spec = parse(PREVIOUS_KEYS_ENV, old.trim());
                    keys.putIfAbsent(idOf(spec), spec);
                }
            }
        }
        return new SecretCipher(currentId, Map.copyOf(keys));
    }

    public static SecretCipher disabled() {
        return new SecretCipher(null, Map.of());
    }

    /** A new random key in the form {@code PIPELINE_SECRET_KEY} takes. */
    public static String generateKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public boolean canEncrypt() {
        return currentId != null;
    }

    /** The id of the key that encrypts, if any (shown by tools; not secret). */
    public Optional<String> currentKeyId() {
        return Optional.ofNullable(currentId);
    }

    /** Whether {@code stored} was encrypted with an older key than the current one (a rotation re-encrypts it). */
    public boolean needsReencryption(String stored) {
        return canEncrypt() && !currentId.equals(keyIdOf(stored));
    }

    /** @param where the associated data: where the value is stored, e.g. {@code connection:s3_raw:password} */
    public String encrypt(String plain, String where) {
        if (!canEncrypt()) {
            throw new SecretKeyMissingException();
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(where.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + ":" + currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * @throws SecretKeyMissingException when the value's key is neither the current nor a previous key
     * @throws IllegalStateException     when the value was altered or belongs elsewhere (the tag does not match)
     */
    public String decrypt(String stored, String where) {
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new IllegalStateException("stored secret of " + where + " is not in the " + VERSION + " format");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new SecretKeyMissingException(parts[1], where);
        }
        byte[] in = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(where.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("stored secret of " + where + " does not decrypt with key " + parts[1]
                    + " (altered, or copied from another row)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /** Ids of every key this cipher can decrypt with, the current one first. */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>();
        if (currentId != null) {
            ids.add(currentId);
        }
        keys.keySet().stream().filter(id -> !id.equals(currentId)).sorted().forEach(ids::add);
        return ids;
    }

    private static String keyIdOf(String stored) {
        String[] parts = stored.split(":", 3);
        return parts.length == 3 ? parts[1] : "";
    }

    private static SecretKeySpec parse(String variable, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not base64 (generate one with: openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(variable + " must be 32 bytes in base64 (AES-256), got " + bytes.length
                    + " bytes (generate one with: openssl rand -base64 32)");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String idOf(SecretKeySpec key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No key to encrypt with, or not the key a stored value needs. The message says which variable to set. */
    public static final class SecretKeyMissingException extends RuntimeException {
        public SecretKeyMissingException() {
            super("secrets cannot be stored: " + KEY_ENV + " is not set (generate one with: openssl rand -base64 32)");
        }

        SecretKeyMissingException(String keyId, String where) {
            super("the secret of " + where + " was encrypted with key " + keyId + ", which is neither " + KEY_ENV
                    + " nor in " + PREVIOUS_KEYS_ENV);
        }
    }

    @Override
    public String toString() {
        return "SecretCipher[keys=" + keyIds() + "]";
    }
}
