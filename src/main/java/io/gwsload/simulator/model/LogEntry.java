package io.gwsload.simulator.model;


import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One transcript entry of an interaction. Immutable; its wire form is built once and shared by
 * every notification that carries it. {@code timestampSeconds} is epoch milliseconds, as in GWS.
 */
public final class LogEntry {
    private final int index;
    private final Visibility visibility;
    private final Map<String, Object> wire;
    /** When it was appended, on the JVM's monotonic clock: ground truth for a client in the same JVM. */
    private final long nanos = System.nanoTime();

    private LogEntry(int index, Visibility visibility, Map<String, Object> wire) {
        this.index = index;
        this.visibility = visibility;
        this.wire = wire;
    }

    public long nanos() {
        return nanos;
    }

    /**
     * @param from  the sender's participant object (as others see it)
     * @param field an extra field ({@code text}, {@code url}, {@code noticeText}) or null
     */
    static LogEntry of(int index, String type, Map<String, Object> from, Visibility visibility, String field,
            String value) {
        long now = System.currentTimeMillis();
        Map<String, Object> m = new LinkedHashMap<>(12);
        m.put("index", index);
        m.put("type", type);
        m.put("from", from);
        if (field != null && value != null) {
            m.put(field, value);
        }
        m.put("visibility", visibility.name());
        m.put("timestamp", WireTime.format(now));
        m.put("timestampSeconds", now);
        return new LogEntry(index, visibility, Collections.unmodifiableMap(m));
    }

    public int index() {
        return index;
    }

    public Visibility visibility() {
        return visibility;
    }

    String type() {
        return (String) wire.get("type");
    }

    public Map<String, Object> wire() {
        return wire;
    }
}
