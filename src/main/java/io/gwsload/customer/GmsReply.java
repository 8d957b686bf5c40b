package io.gwsload.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gwsload.api.Json;

/**
 * One GMS Chat API answer: every call gets the same shape ({@code statusCode}, {@code chatEnded}, the keys, the
 * transcript entries it brought, {@code nextPosition}); {@link #failure()} says in one sentence what went wrong.
 */
public record GmsReply(int httpStatus, int statusCode, boolean chatEnded, String chatId, String alias, String userId,
        String secureKey, int nextPosition, List<Map<?, ?>> messages, String errors, String text,
        Map<Integer, Long> truth, String chatState) {

    /** The simulator's ground truth ({@link io.gwsload.api.EntryTruth}), when it is on this JVM's clock. */
    GmsReply withTruth(String stamp) {
        Map<Integer, Long> m = io.gwsload.api.EntryTruth.parse(stamp);
        if (m.isEmpty()) {
            return this;
        }
        return new GmsReply(httpStatus, statusCode, chatEnded, chatId, alias, userId, secureKey, nextPosition,
                messages, errors, text, m, chatState);
    }

    /** A CometD notification's data (the same shape as a REST reply). */
    static GmsReply of(Map<String, Object> data) {
        return parse(200, data == null ? "" : io.gwsload.api.Json.write(data));
    }

    /** A publish the server took (CometD mode answers the operation with notifications, not with this). */
    static GmsReply accepted() {
        return new GmsReply(200, 0, false, null, null, null, null, -1, List.of(), null, null, Map.of(), null);
    }

    /** Reads an HTTP answer; a body that is not GMS JSON is kept as text for the failure. */
    static GmsReply parse(int httpStatus, String body) {
        Map<String, Object> m;
        try {
            m = Json.MAPPER.readValue(body == null ? "" : body, Json.MAPPER.getTypeFactory()
                    .constructMapType(Map.class, String.class, Object.class));
        } catch (java.io.IOException | IllegalArgumentException e) {
            m = null;
        }
        if (m == null || !(m.get("statusCode") instanceof Number code)) {
            String text = body == null ? "" : body.replaceAll("\\s+", " ").trim();
            int title = text.indexOf("<title>");
            if (title >= 0 && text.indexOf("</title>", title) > 0) {
                text = text.substring(title + 7, text.indexOf("</title>", title)).trim(); // an HTML error page
            }
            return new GmsReply(httpStatus, -1, false, null, null, null, null, -1, List.of(), null,
                    text.length() > 120 ? text.substring(0, 120) + "..." : text, Map.of(), null);
        }
        List<Map<?, ?>> messages = new ArrayList<>();
        if (m.get("messages") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> e) {
                    messages.add(e);
                }
            }
        }
        return new GmsReply(httpStatus, code.intValue(), Boolean.TRUE.equals(m.get("chatEnded")),
                string(m.get("chatId") != null ? m.get("chatId") : m.get("id")), string(m.get("alias")), string(m.get("userId")), string(m.get("secureKey")),
                m.get("nextPosition") instanceof Number n ? n.intValue() : -1, messages,
                errors(m.get("errors")) != null ? errors(m.get("errors")) : string(m.get("statusMessage")), null,
                Map.of(), m.get("chat") instanceof Map<?, ?> chat ? string(chat.get("state")) : null);
    }

    /** Null when the call succeeded (HTTP 200, statusCode 0); else one sentence (of the GMS Chat API). */
    public String failure() {
        return failure(GmsSettings.Api.GMS);
    }

    /** As {@link #failure()}, naming the API that answered: GMS's Chat API or GWS's Customer Chat API. */
    public String failure(GmsSettings.Api api) {
        if (httpStatus == 200 && statusCode == 0) {
            return null;
        }
        boolean gws = api == GmsSettings.Api.GWS;
        String who = gws ? "GWS" : "GMS";
        if (statusCode < 0) {
            String hint = httpStatus != 404 && httpStatus != 405 ? ""
                    : gws ? "; is gws.url GWS's base URL, and its Customer Chat API enabled?"
                    : "; is gws.gms.url the Chat API's base (.../genesys/2/chat) and the service name right?";
            return who + " answered HTTP " + httpStatus + (text == null || text.isEmpty() ? "" : ": " + text)
                    + (httpStatus == 200 ? gws ? " (not Customer Chat API JSON)" : " (not Chat API JSON)" : "") + hint;
        }
        String what = statusCode == 1 ? "try again later" : statusCode == 2 ? "refused" : "error";
        return who + " answered statusCode " + statusCode + " (" + what + ")" + (errors == null ? "" : ": " + errors)
                + (chatEnded ? "; the chat has ended" : "");
    }

    /** Whether the answer carries error 306, what the Genesys widgets call "InvalidService" (an unknown service). */
    boolean invalidService() {
        return errors != null && INVALID_SERVICE.matcher(errors).find();
    }

    private static final java.util.regex.Pattern INVALID_SERVICE = java.util.regex.Pattern.compile(
            "(^|; )error 306( |;|$)");

    private static String errors(Object o) {
        if (!(o instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Object e : list) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            if (e instanceof Map<?, ?> m) {
                sb.append("error ").append(m.get("code"));
                if (m.get("message") != null) {
                    sb.append(" ").append(m.get("message"));
                }
            } else {
                sb.append(e);
            }
        }
        return sb.toString();
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
