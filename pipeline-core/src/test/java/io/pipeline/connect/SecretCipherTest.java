package io.pipeline.connect;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

    @Test
    void a_value_round_trips_only_with_its_key_and_its_place() {
        SecretCipher cipher = SecretCipher.of(SecretCipher.generateKey(), null);
        String sealed = cipher.encrypt("pw", "connection:a:password");
        assertThat(sealed).startsWith("v1:" + cipher.currentKeyId().orElseThrow() + ":");
        assertThat(cipher.encrypt("pw", "connection:a:password")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(cipher.decrypt(sealed, "connection:a:password")).isEqualTo("pw");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "connection:b:password"))
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> SecretCipher.of(SecretCipher.generateKey(), null).decrypt(sealed, "x"))
                .isInstanceOf(SecretCipher.SecretKeyMissingException.class);
    }

    @Test
    void a_key_that_is_not_32_bytes_of_base64_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> SecretCipher.of("not base64!", null))
                .hasMessageContaining("PIPELINE_SECRET_KEY is not base64");
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretCipher.of(SecretCipher.generateKey(), short16))
                .hasMessageContaining("PIPELINE_SECRET_KEY_PREVIOUS must be 32 bytes").hasMessageContaining("16");
    }

    @Test
    void without_a_key_nothing_is_encrypted_and_the_error_says_what_to_set() {
        SecretCipher none = SecretCipher.of(" ", null);
        assertThat(none.canEncrypt()).isFalse();
        assertThatThrownBy(() -> none.encrypt("x", "variable:k"))
                .hasMessageContaining("PIPELINE_SECRET_KEY is not set")
                .hasMessageContaining("openssl rand -base64 32");
    }
}
