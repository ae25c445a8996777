package io.pipeline.store;

import java.util.List;
import java.util.Objects;

/** One page of a listing and the number of entries in the whole listing (the API's {@code total_entries}). */
public record Page<T>(List<T> items, long totalEntries) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        if (totalEntries < items.size()) {
            throw new IllegalArgumentException("total " + totalEntries + " is below the page size " + items.size());
        }
    }
}
