package io.gwsload.customer;

import java.util.Map;

/**
 * One entry of a chat transcript as the customer sees it (GMS Chat API v2): {@code index} from 1, {@code type}
 * ({@code ParticipantJoined}, {@code Message}, {@code TypingStarted}, ...), the text if any, and who it is from
 * ({@code fromType} {@code Client}, {@code Agent}, {@code Supervisor}, {@code External}).
 *
 * @param seenNanos     when the customer's client read it (the answer of the call that brought it)
 * @param notBeforeNanos when the poll before the one that read it started (that poll did not find it): the entry
 *                      appeared on the server between the two, so {@code seenNanos - notBeforeNanos} bounds what
 *                      polling added
 * @param truthNanos    when the embedded simulator appended it (its ground truth, same clock), or
 *                      {@link CustomerChat#NONE}
 */
public record TranscriptEntry(int index, String type, String text, String fromType, String nickname, long utcTime,
        long seenNanos, long notBeforeNanos, long truthNanos) {

    static TranscriptEntry of(Map<?, ?> m, long seenNanos, long notBeforeNanos, Map<Integer, Long> truth) {
        Object from = m.get("from");
        Map<?, ?> f = from instanceof Map<?, ?> map ? map : Map.of();
        return new TranscriptEntry(m.get("index") instanceof Number n ? n.intValue() : -1, string(m.get("type")),
                string(m.get("text")), string(f.get("type")), string(f.get("nickname")),
                m.get("utcTime") instanceof Number t ? t.longValue() : 0, seenNanos, notBeforeNanos,
                m.get("index") instanceof Number i ? truth.getOrDefault(i.intValue(), CustomerChat.NONE) : CustomerChat.NONE);
    }

    /**
     * The entry as JSON for Gatling's checks: {@code index}, {@code type}, {@code text}, {@code from} ({@code type},
     * {@code nickname}) and {@code utcTime}, whichever the API gave.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(8);
        m.put("index", index);
        m.put("type", type);
        if (text != null) {
            m.put("text", text);
        }
        Map<String, Object> from = new java.util.LinkedHashMap<>(2);
        if (fromType != null) {
            from.put("type", fromType);
        }
        if (nickname != null) {
            from.put("nickname", nickname);
        }
        m.put("from", from);
        if (utcTime != 0) {
            m.put("utcTime", utcTime);
        }
        return m;
    }

    /** Whether an agent (not the customer, not a system party) wrote it. */
    public boolean fromAgent() {
        return "Agent".equals(fromType);
    }

    /** Whether it is a text message. */
    public boolean isMessage() {
        return "Message".equals(type) || "Text".equals(type); // GMS's name, and GWS's Customer Chat API's
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
