package io.pipeline.connect;

import java.util.Optional;
import java.util.Set;

/** Connections kept elsewhere than the environment (the database), which the environment's override. */
public interface ConnectionSource {

    /** @param id the id as given (a stored connection's id is matched exactly, then in lower case) */
    Optional<Connection> find(String id);

    Set<String> ids();

    static ConnectionSource none() {
        return new ConnectionSource() {
            @Override
            public Optional<Connection> find(String id) {
                return Optional.empty();
            }

            @Override
            public Set<String> ids() {
                return Set.of();
            }
        };
    }
}
