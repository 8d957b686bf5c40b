package io.gwsload.simulator.gms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.gwsload.api.Json;
import io.gwsload.simulator.model.ContactOptions;
import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.model.LogEntry;
import io.gwsload.simulator.model.Visibility;
import io.gwsload.simulator.truth.Counter;
import io.gwsload.simulator.truth.GroundTruth;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The customer's side of a web chat as GWS's own Customer Chat API serves it, under {@code /api/v2/chats}: JSON
 * bodies, no login, a {@code ContactCenterId} header on every call (any non-empty value is taken), the chat named
 * by a UUID. The chats are the GMS Chat API's ({@link GmsChats}), so they route and show to agents alike.
 *
 * <table>
 * <caption>Calls (GET or POST where the documentation's pages disagree)</caption>
 * <tr><td>{@code POST /api/v2/chats}</td><td>{@code RequestChat}: {@code nickname}, {@code subject},
 *   {@code userData}; answers {@code {id, statusCode, path}}</td></tr>
 * <tr><td>{@code POST /api/v2/chats/{id}}</td><td>{@code SendMessage} ({@code text}),
 *   {@code SendStartTypingNotification}, {@code SendStopTypingNotification}, {@code Complete} (the customer
 *   leaves); answers {@code {statusCode}}</td></tr>
 * <tr><td>{@code GET /api/v2/chats/{id}}</td><td>GetChat: {@code {chat: {id, state, participants,
 *   capabilities}, statusCode}}, state {@code WaitingForAgent}, {@code Chatting} or {@code Completed}</td></tr>
 * <tr><td>{@code GET /api/v2/chats/{id}/messages[?index=N]}</td><td>GetMessages: from {@code index} (0 or 1: all),
 *   or what this chat's client has not had yet; entries in GWS's own shape ({@code Text}, {@code Customer})</td></tr>
 * </table>
 * Failures: HTTP 400 (no {@code ContactCenterId}, a bad body), 404 (no such chat), each {@code {statusCode: 2,
 * statusMessage}}; a call on a chat the customer left: {@code statusCode} 2. [choice: the documentation shows no
 * failure of this API]
 */
public final class CustomerChatApiServlet extends HttpServlet {
    /** Where the servlet is mounted. */
    public static final String ROOT = io.gwsload.api.ApiPaths.CUSTOMER_CHATS;

    private final GmsChats chats;
    private final GroundTruth truth;
    private final ConcurrentHashMap<String, Opened> byId = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

    /** A chat of this API: its GMS chat, and how far its client has read (GetMessages without an index). */
    private static final class Opened {
        final GmsChats.Chat chat;
        int delivered;

        Opened(GmsChats.Chat chat) {
            this.chat = chat;
        }
    }

    public CustomerChatApiServlet(GmsChats chats, GroundTruth truth) {
        this.chats = chats;
        this.truth = truth;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        truth.count(Counter.gmsRequests);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.split("/");
        try {
            String centre = request.getHeader("ContactCenterId");
            if (centre == null || centre.isBlank()) {
                try {
                    body(request); // read, so that the connection stays usable for the client's next call
                } catch (Failure notJson) {
                    // read all the same; the missing header is what to say
                }
                throw new Failure(400, "The Customer Chat API needs a ContactCenterId header");
            }
            Map<String, Object> reply;
            Opened[] chat = new Opened[1];
            if (parts.length <= 1) {
                reply = requestChat(body(request));
            } else {
                Opened opened = byId.get(parts[1]);
                if (opened == null) {
                    throw new Failure(404, "No chat " + parts[1]);
                }
                opened.chat.lastRequestNanos = System.nanoTime();
                chat[0] = opened;
                if (parts.length == 3 && "messages".equals(parts[2])) {
                    reply = messages(opened, request.getParameter("index"));
                } else if (parts.length == 2 && "POST".equals(request.getMethod())
                        && body(request).get("operationName") instanceof String operation) {
                    reply = operate(opened, operation, body(request));
                } else if (parts.length == 2) {
                    reply = getChat(opened);
                } else {
                    throw new Failure(404, "No Customer Chat API call at " + ROOT + path);
                }
            }
            if (chats.audit() && chat[0] != null && reply.get("messages") instanceof List<?> list && !list.isEmpty()) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> messages = (List<Map<String, Object>>) list;
                response.setHeader(io.gwsload.api.EntryTruth.HEADER, chats.appendedAt(chat[0].chat, messages));
            }
            write(response, 200, reply);
        } catch (Failure e) {
            truth.count(Counter.gmsErrors);
            write(response, e.status, Map.of("statusCode", 2, "statusMessage", e.getMessage()));
        } catch (GmsError e) {
            truth.count(Counter.gmsErrors);
            write(response, e.httpStatus, Map.of("statusCode", e.statusCode, "statusMessage", e.getMessage()));
        }
    }

    private Map<String, Object> requestChat(Map<String, Object> body) throws Failure, GmsError {
        if (!"RequestChat".equals(body.get("operationName"))) {
            throw new Failure(400, "POST " + ROOT + " takes operationName RequestChat, got " + body.get("operationName"));
        }
        Object nickname = body.get("nickname");
        if (!(nickname instanceof String name) || name.isBlank()) {
            throw new Failure(400, "RequestChat needs a nickname");
        }
        Map<String, Object> userData = new LinkedHashMap<>();
        if (body.get("userData") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> userData.put(String.valueOf(k), v));
        }
        if (body.get("subject") instanceof String subject) {
            userData.putIfAbsent("Subject", subject);
        }
        GmsChats.Chat chat = chats.open(new ContactOptions(name, userData, null), null);
        if (requests.incrementAndGet() % 256 == 0) {
            byId.values().removeIf(o -> chats.forgotten(o.chat)); // what GmsChats forgot, this API forgets too
        }
        String id = UUID.randomUUID().toString();
        byId.put(id, new Opened(chat));
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("id", id);
        m.put("statusCode", 0);
        m.put("path", ROOT + "/" + id);
        return m;
    }

    private Map<String, Object> operate(Opened opened, String operation, Map<String, Object> body)
            throws Failure, GmsError {
        GmsChats.Chat chat = opened.chat;
        switch (operation) {
            case "SendMessage" -> {
                if (!(body.get("text") instanceof String text)) {
                    throw new Failure(400, "SendMessage needs a text");
                }
                say(chat, "Text", "text", text);
            }
            case "SendStartTypingNotification" -> say(chat, "TypingStarted", "text", null);
            case "SendStopTypingNotification" -> say(chat, "TypingStopped", "text", null);
            case "Complete" -> {
                if (!GmsChats.ended(chat)) {
                    chats.leave(chat);
                }
            }
            default -> throw new Failure(400, "No Customer Chat API operation '" + operation + "'");
        }
        return Map.of("statusCode", 0);
    }

    private void say(GmsChats.Chat chat, String type, String field, String value) throws GmsError {
        if (GmsChats.ended(chat) || !chats.say(chat, type, field, value)) {
            throw new GmsError(200, 2, GmsError.CHAT_ENDED, true, "Chat " + chat.interaction.id + " has ended");
        }
    }

    private static Map<String, Object> getChat(Opened opened) {
        Interaction i = opened.chat.interaction;
        Map<String, Object> chat = new LinkedHashMap<>(6);
        i.lock.lock();
        try {
            boolean ended = GmsChats.ended(opened.chat);
            boolean agent = i.parties.stream().anyMatch(p -> p.isChatting());
            chat.put("capabilities", ended ? List.of() : List.of("SendMessage", "SendStartTypingNotification",
                    "SendStopTypingNotification", "Complete"));
            chat.put("id", i.id);
            chat.put("state", ended ? "Completed" : agent ? "Chatting" : "WaitingForAgent");
        } finally {
            i.lock.unlock();
        }
        return Map.of("chat", chat, "statusCode", 0);
    }

    /** The customer-visible entries from {@code index} (0 or 1: all), or those this chat's client has not had. */
    private static Map<String, Object> messages(Opened opened, String index) throws Failure {
        int from;
        if (index == null || index.isBlank()) {
            from = -1;
        } else {
            try {
                from = Math.max(1, Integer.parseInt(index.trim()));
            } catch (NumberFormatException e) {
                throw new Failure(400, "index must be a whole number, got " + index);
            }
        }
        Interaction i = opened.chat.interaction;
        List<Map<String, Object>> messages = new ArrayList<>();
        i.lock.lock();
        try {
            synchronized (opened) {
                int start = from < 0 ? opened.delivered + 1 : from;
                for (int n = start; n <= i.log.size(); n++) {
                    LogEntry e = i.log.get(n - 1);
                    if (e.visibility() == Visibility.All) {
                        messages.add(entry(e));
                    }
                }
                opened.delivered = Math.max(opened.delivered, i.log.size());
            }
        } finally {
            i.lock.unlock();
        }
        return Map.of("messages", messages, "statusCode", 0);
    }

    /** An entry as the Customer Chat API's GetMessages sample shows it. */
    private static Map<String, Object> entry(LogEntry e) {
        Map<String, Object> w = e.wire();
        Map<String, Object> m = new LinkedHashMap<>(6);
        Map<String, Object> from = new LinkedHashMap<>(4);
        if (w.get("from") instanceof Map<?, ?> f) {
            from.put("nickname", f.get("nickname"));
            from.put("participantId", f.get("participantId"));
            from.put("type", f.get("type"));
        }
        m.put("from", from);
        m.put("index", e.index());
        Object text = w.containsKey("text") ? w.get("text") : w.containsKey("url") ? w.get("url") : w.get("noticeText");
        if (text != null) {
            m.put("text", text);
        }
        m.put("type", w.get("type"));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(HttpServletRequest request) throws Failure {
        Object cached = request.getAttribute(BODY);
        if (cached instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        Map<String, Object> m;
        try {
            byte[] bytes = request.getInputStream().readAllBytes();
            m = bytes.length == 0 ? Map.of() : Json.readMap(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new Failure(400, "The body is not a JSON object");
        }
        request.setAttribute(BODY, m);
        return m;
    }

    private static final String BODY = CustomerChatApiServlet.class.getName() + ".body";

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        GmsChatServlet.write(response, status, body);
    }

    /** A refused call: its HTTP status and one sentence. */
    private static final class Failure extends Exception {
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
