package io.gwsload.api;

import java.util.List;
import java.util.Map;

/**
 * The ground truth the embedded simulator stamps, outside what GWS defines, so that every completion can
 * be checked: each operation's HTTP answer carries the simulator's id for it in a header, and each
 * notification carries, in its CometD message's {@code ext} (never in {@code data}), the ids of the
 * operations that caused it. A real GWS sends neither, and then nothing is checked.
 */
public final class AuditStamp {
    /** The answer header with the simulator's id of the operation. */
    public static final String HEADER = "X-Gws-Sim-Operation";
    /** The key of the stamp in a CometD message's {@code ext}. */
    public static final String EXT = "gwsSim";
    /** The stamp's list of the operations that caused the notification (empty: none did, e.g. a routed offer). */
    public static final String CAUSES = "causes";
    /** No id: the answer or notification carries no stamp. */
    public static final long NONE = -1;

    private AuditStamp() {
    }

    /** The operation id in an answer header's value, or {@link #NONE}. */
    public static long operation(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return NONE;
        }
    }

    /** The causes in a CometD message's ext, or null when it carries no stamp. */
    public static long[] causes(Map<String, Object> ext) {
        if (ext == null || !(ext.get(EXT) instanceof Map<?, ?> stamp)) {
            return null;
        }
        Object c = stamp.get(CAUSES);
        if (c instanceof Object[] array) {
            c = List.of(array);
        }
        if (!(c instanceof List<?> list)) {
            return null;
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i) instanceof Number n ? n.longValue() : NONE;
        }
        return out;
    }

    /** Whether {@code causes} names {@code operation}. */
    public static boolean names(long[] causes, long operation) {
        for (long c : causes) {
            if (c == operation) {
                return true;
            }
        }
        return false;
    }
}
