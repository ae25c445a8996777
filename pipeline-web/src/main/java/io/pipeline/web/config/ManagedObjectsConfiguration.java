package io.pipeline.web.config;

import io.pipeline.connect.SecretCipher;
import io.pipeline.ops.AuditLog;
import io.pipeline.ops.ManagedObjects;
import io.pipeline.store.ConnectionStore;
import io.pipeline.store.PoolStore;
import io.pipeline.store.Stores;
import io.pipeline.store.VariableStore;
import io.pipeline.web.engine.EngineTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Pools, variables and stored connections (pipeline-core {@code ops.ManagedObjects} over its stores), and the
 * cipher of their secrets: {@code PIPELINE_SECRET_KEY} ({@code pipeline.secret-key}), older keys in
 * {@code PIPELINE_SECRET_KEY_PREVIOUS}. A malformed key stops the start, naming the variable.
 */
@Configuration
public class ManagedObjectsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ManagedObjectsConfiguration.class);

    @Bean
    SecretCipher secretCipher(@Value("${pipeline.secret-key:}") String key,
                              @Value("${pipeline.secret-key-previous:}") String previous) {
        SecretCipher cipher = SecretCipher.of(key, previous);
        if (cipher.canEncrypt()) {
            log.info("Secrets at rest are encrypted (AES-GCM, key {})", cipher.currentKeyId().orElseThrow());
        } else {
            log.info("{} is not set: variables and connections holding secrets cannot be stored",
                    SecretCipher.KEY_ENV);
        }
        return cipher;
    }

    @Bean
    PoolStore poolStore(Stores stores) {
        return new PoolStore(stores.jdbc());
    }

    @Bean
    VariableStore variableStore(Stores stores, SecretCipher cipher) {
        return new VariableStore(stores.jdbc(), cipher);
    }

    @Bean
    ConnectionStore connectionStore(Stores stores, SecretCipher cipher) {
        return new ConnectionStore(stores.jdbc(), cipher);
    }

    @Bean
    ManagedObjects managedObjects(EngineTransactions transactions, Stores stores, Clock clock, PoolStore pools,
                                  VariableStore variables, ConnectionStore connections) {
        return new ManagedObjects(transactions.template(), new AuditLog(stores.jdbc(), clock), pools, variables,
                connections);
    }

    /**
     * After a key is set for the first time or rotated, rewrites the secrets stored in plain text or under an older
     * key, so that the previous key can be dropped (README, "Secrets at rest").
     */
    @Bean
    @ConditionalOnWebApplication
    ApplicationRunner reencryptSecrets(ManagedObjects objects, SecretCipher cipher) {
        return args -> {
            if (cipher.canEncrypt()) {
                int rewritten = objects.reencryptAll();
                if (rewritten > 0) {
                    log.info("Re-encrypted {} stored variable(s)/connection(s) under key {}", rewritten,
                            cipher.currentKeyId().orElseThrow());
                }
            }
        };
    }
}
