package io.gwsload.simulator.gms;

import java.util.LinkedHashMap;
import java.util.Map;

import io.gwsload.simulator.model.LogEntry;

/**
 * A transcript entry as the customer's GMS Chat API shows it: GWS's {@code Text} is {@code Message}, its
 * {@code Customer} is {@code Client}, the text of a URL or a notice is {@code text}, and the time is {@code utcTime}
 * (epoch ms, whole seconds as in the GMS samples).
 */
final class GmsWire {
    private GmsWire() {
    }

    static Map<String, Object> entry(LogEntry e) {
        Map<String, Object> w = e.wire();
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("index", e.index());
        String type = (String) w.get("type");
        m.put("type", "Text".equals(type) ? "Message" : type);
        Object text = w.containsKey("text") ? w.get("text") : w.containsKey("url") ? w.get("url") : w.get("noticeText");
        if (text != null) {
            m.put("text", text);
        }
        Object millis = w.get("timestampSeconds");
        m.put("utcTime", millis instanceof Number n ? n.longValue() / 1000 * 1000 : 0L);
        Map<String, Object> from = new LinkedHashMap<>(4);
        if (w.get("from") instanceof Map<?, ?> f) {
            from.put("nickname", f.get("nickname"));
            from.put("participantId", f.get("participantId"));
            from.put("type", "Customer".equals(f.get("type")) ? "Client" : f.get("type"));
        }
        m.put("from", from);
        return m;
    }
}
