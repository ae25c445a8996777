package io.pipeline.web.production;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What makes a configuration unsafe for production: the causes the {@code production} profile refuses to start on,
 * and that {@code pipeline doctor} reports. Pure: the caller gathers the facts.
 *
 * @param datasourceUrl   {@code spring.datasource.url}; blank means the embedded PostgreSQL
 * @param provider        {@code pipeline.market-data.provider}
 * @param connectionIds   the ids of the configured {@code PIPELINE_CONN_*} connections
 * @param adminPasswordSet whether {@code PIPELINE_ADMIN_PASSWORD} is set
 * @param otherLiveNodes  nodes other than this one that are registered and alive (-1: unknown)
 */
public record ProductionReadiness(String datasourceUrl, String provider, Set<String> connectionIds,
                                  boolean adminPasswordSet, int otherLiveNodes) {

    /** Connection ids the shipped DAGs use instead of a simulation (their DAG classes name the same ids). */
    public static final String VENDOR_DROP = "vendor_drop";
    public static final String RISK_SQS = "risk_sqs";
    public static final String RISK_REDIS = "risk_redis";
    public static final String OBJECT_STORE = "object_store";
    public static final String SIMULATED = "simulated";

    public ProductionReadiness {
        connectionIds = Set.copyOf(connectionIds);
    }

    /** One sentence per cause, each naming what to set; empty when the configuration is fit for production. */
    public List<String> causes() {
        List<String> causes = new ArrayList<>();
        if (datasourceUrl == null || datasourceUrl.isBlank()) {
            causes.add("the embedded PostgreSQL is in use: set SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) to an"
                    + " external server");
        }
        if (provider == null || provider.isBlank() || SIMULATED.equals(provider.strip())) {
            causes.add("the market-data provider is 'simulated' (prices are made up): set"
                    + " PIPELINE_MARKET_DATA_PROVIDER to a vendor");
        }
        if (!connectionIds.contains(VENDOR_DROP)) {
            causes.add("the vendor-drop simulation is on (nightly_dataload's simulate_vendor_drop writes the vendor"
                    + " file itself): set PIPELINE_CONN_VENDOR_DROP to the vendor's bucket");
        }
        List<String> outbox = new ArrayList<>();
        if (!connectionIds.contains(RISK_SQS)) {
            outbox.add("PIPELINE_CONN_RISK_SQS");
        }
        if (!connectionIds.contains(RISK_REDIS)) {
            outbox.add("PIPELINE_CONN_RISK_REDIS");
        }
        if (!outbox.isEmpty()) {
            causes.add("risk-model jobs go to the file outbox instead of their queues: set "
                    + String.join(" and ", outbox));
        }
        if (!connectionIds.contains(OBJECT_STORE) && otherLiveNodes > 0) {
            causes.add("the object store is local to this node (<data-dir>/objects) while " + otherLiveNodes
                    + " other node(s) are registered: set PIPELINE_CONN_OBJECT_STORE to a shared S3 bucket");
        }
        if (!adminPasswordSet) {
            causes.add("no admin password is set (one would be generated into the data dir): set"
                    + " PIPELINE_ADMIN_PASSWORD");
        }
        return List.copyOf(causes);
    }
}
