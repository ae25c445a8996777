package io.pipeline.dags.marketdata;

import io.pipeline.objects.ObjectStore;

import java.io.InputStream;
import java.util.List;

/** The application's shared store handed out where a caller closes what it gets: closing must not close it. */
record Unclosable(ObjectStore store) implements ObjectStore {
    @Override public void put(String key, byte[] bytes) { store.put(key, bytes); }
    @Override public void put(String key, InputStream in, long length) { store.put(key, in, length); }
    @Override public byte[] get(String key) { return store.get(key); }
    @Override public InputStream open(String key) { return store.open(key); }
    @Override public boolean exists(String key) { return store.exists(key); }
    @Override public List<String> list(String prefix) { return store.list(prefix); }
    @Override public boolean delete(String key) { return store.delete(key); }
    @Override public String location(String key) { return store.location(key); }
}
