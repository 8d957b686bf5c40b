package io.gwsload.collector.books;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** {@link LatencyStats} by request name, created on first use. */
public final class LatencyRegistry {
    private final ConcurrentHashMap<String, LatencyStats> byName = new ConcurrentHashMap<>();

    public LatencyStats stats(String name) {
        LatencyStats s = byName.get(name);
        return s != null ? s : byName.computeIfAbsent(name, LatencyStats::new);
    }

    /** Every name recorded so far, sorted. */
    public List<LatencyStats> all() {
        List<LatencyStats> list = new ArrayList<>(byName.values());
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return Collections.unmodifiableList(list);
    }
}
