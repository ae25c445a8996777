package io.pipeline.web.config;

import io.pipeline.ops.AuditLog;
import io.pipeline.ops.NoteOperation;
import io.pipeline.store.DagStatsQuery;
import io.pipeline.store.NoteStore;
import io.pipeline.store.Stores;
import io.pipeline.store.XComQueries;
import io.pipeline.web.engine.EngineTransactions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Read-side queries of the API's XCom entries and DAG statistics, and the notes of runs and task instances. */
@Configuration
public class ApiQueriesConfiguration {

    @Bean
    XComQueries xComQueries(Stores stores) {
        return new XComQueries(stores.jdbc());
    }

    @Bean
    NoteOperation noteOperation(EngineTransactions transactions, Stores stores, Clock clock) {
        return new NoteOperation(transactions.template(), new NoteStore(stores.jdbc()),
                new AuditLog(stores.jdbc(), clock));
    }

    @Bean
    DagStatsQuery dagStatsQuery(Stores stores) {
        return new DagStatsQuery(stores.jdbc());
    }
}
