package io.pipeline.dags.marketdata;

import io.pipeline.objects.ObjectStore;

import java.io.InputStream;

/** A loader input read from the object store. */
public record ObjectCsvInput(ObjectStore store, String key) implements BarLoader.CsvInput {

    @Override
    public String name() {
        return store.location(key);
    }

    @Override
    public InputStream open() {
        return store.open(key);
    }
}
