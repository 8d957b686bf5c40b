package io.gwsload.api;

import java.util.HashMap;
import java.util.Map;

/**
 * The ground truth the embedded simulator stamps on a customer's transcript entries, outside what GMS or GWS
 * define: when it appended each entry, on the JVM's monotonic clock ({@code index:nanos,...}), in a reply's
 * {@link #HEADER} or a CometD push's {@code ext} {@link #EXT}, never in the body. A customer client in the same JVM
 * can then check a polled timing against it; a real GMS sends none.
 */
public final class EntryTruth {
    /** The reply header with the truth of the entries the reply carries. */
    public static final String HEADER = "X-Gws-Sim-Entries";
    /** The key of the same truth in a CometD push's {@code ext}. */
    public static final String EXT = "gwsSimEntries";

    private EntryTruth() {
    }

    /** Appends one entry's truth to {@code stamp}. */
    public static void append(StringBuilder stamp, int index, long nanos) {
        if (stamp.length() > 0) {
            stamp.append(',');
        }
        stamp.append(index).append(':').append(nanos);
    }

    /** Each entry's index and when it was appended; empty for no stamp, or one that is not ours. */
    public static Map<Integer, Long> parse(String stamp) {
        Map<Integer, Long> m = new HashMap<>();
        if (stamp == null || stamp.isEmpty()) {
            return m;
        }
        for (String pair : stamp.split(",")) {
            int colon = pair.indexOf(':');
            try {
                m.put(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
            } catch (RuntimeException e) {
                return Map.of(); // not ours: no truth rather than a wrong one
            }
        }
        return m;
    }
}
