package io.pipeline.engine;

import io.pipeline.alert.config.AlertProperties;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {

    private final SecretMasker masker = new SecretMasker();

    @Test
    void masks_a_secret_as_written_and_in_its_url_encoded_forms() {
        String secret = "p@ss/w0rd+ plus=é";
        masker.register(secret);

        String formEncoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String percentEncoded = formEncoded.replace("+", "%20");
        assertThat(formEncoded).isNotEqualTo(secret).contains("+");
        assertThat(percentEncoded).contains("%20");

        String log = masker.mask("raw " + secret + " | form https://h/?pw=" + formEncoded + " | path /x/"
                + percentEncoded + "/y");

        assertThat(log).isEqualTo("raw *** | form https://h/?pw=*** | path /x/***/y");
    }

    @Test
    void a_longer_secret_is_masked_whole_and_short_values_are_ignored() {
        masker.register("abc");
        masker.register("token-1");
        masker.register("token-12345");

        assertThat(masker.mask("abc token-12345 token-1")).isEqualTo("abc *** ***");
    }

    @Test
    void the_slack_token_and_webhook_urls_of_the_alert_settings_are_secrets() {
        AlertProperties alerts = new AlertProperties(true,
                new AlertProperties.Slack("xoxb-1111-2222-secret", "#ops", "https://slack.com/api/",
                        "https://hooks.slack.com/services/T000/B000/XXXX", Duration.ofSeconds(10)),
                new AlertProperties.Webhook("https://alerts.example.com/hook?key=abcd1234", Duration.ofSeconds(10)),
                null);
        masker.registerAll(alerts.secrets());

        String log = masker.mask("auth Bearer xoxb-1111-2222-secret posting to "
                + "https://hooks.slack.com/services/T000/B000/XXXX and "
                + URLEncoder.encode("https://alerts.example.com/hook?key=abcd1234", StandardCharsets.UTF_8));

        assertThat(log).isEqualTo("auth Bearer *** posting to *** and ***");
    }
}
