package io.gwsload.simulator.gms;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gwsload.api.Json;
import io.gwsload.simulator.model.ContactOptions;
import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.truth.Counter;
import io.gwsload.simulator.truth.GroundTruth;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The customer's side of a web chat as GMS serves it (Chat API Version 2, polling mode), under
 * {@code /genesys/2/chat/{serviceName}}: every call a form-encoded POST, every answer one JSON shape
 * ({@link GmsChats#view}). Any service name is accepted (unless knob {@code gmsServices} lists the known ones)
 * and routes into the contact centre's chat queue.
 *
 * <table>
 * <caption>Calls</caption>
 * <tr><td>{@code POST /{service}}</td><td>Request Chat: {@code nickname} (or {@code firstName} and
 *   {@code lastName}), {@code subject}, {@code emailAddress}, {@code userData[key]}, {@code text}</td></tr>
 * <tr><td>{@code POST /{service}/{chatId}/send}</td><td>{@code message}; with {@code transcriptPosition} the
 *   reply carries the transcript from there</td></tr>
 * <tr><td>{@code POST /{service}/{chatId}/refresh}</td><td>{@code transcriptPosition} (default 1)</td></tr>
 * <tr><td>{@code .../startTyping}, {@code .../stopTyping}</td><td>{@code message} (optional preview)</td></tr>
 * <tr><td>{@code .../disconnect}</td><td>the customer leaves; {@code chatEnded} is true</td></tr>
 * <tr><td>{@code .../customNotice}, {@code .../pushUrl}, {@code .../updateNickname},
 *   {@code .../updateData}, {@code .../readReceipt}</td><td>as their names say</td></tr>
 * </table>
 * Every call after Request Chat carries {@code userId}, {@code secureKey} and {@code alias}. Failures are
 * {@code statusCode} 1 (try again: {@code chatSessionLimit}) or 2 (unknown chat, bad keys, an ended chat, a
 * missing field) with one {@code errors[]} entry; a body that is not a form is HTTP 415.
 */
public final class GmsChatServlet extends HttpServlet {
    /** Where the servlet is mounted. */
    public static final String ROOT = "/genesys/2/chat";

    private final GmsChats chats;
    private final GroundTruth truth;

    public GmsChatServlet(GmsChats chats, GroundTruth truth) {
        this.chats = chats;
        this.truth = truth;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        truth.count(Counter.gmsRequests);
        String given = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        if (!"POST".equals(request.getMethod()) || !given.startsWith("application/x-www-form-urlencoded")
                && !given.startsWith("multipart/form-data")) {
            // Refused unread, a body would make Jetty close the connection under a client that may be reusing it.
            request.getInputStream().readAllBytes();
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, failure(new GmsError(405, 2,
                    GmsError.BAD_REQUEST, false, "GMS Chat API calls are POSTs")));
            return;
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
            write(response, 415, failure(new GmsError(415, 2, GmsError.BAD_REQUEST, false,
                    "GMS Chat API calls are form-encoded, got " + (type.isEmpty() ? "no content type" : type))));
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.split("/");
        try {
            Map<String, Object> reply;
            GmsChats.Chat[] chat = new GmsChats.Chat[1];
            if (parts.length >= 2) {
                chats.checkService(parts[1]);
            }
            if (parts.length == 2 && !parts[1].isEmpty()) {
                reply = requestChat(request, chat);
            } else if (parts.length == 4) {
                reply = call(parts[2], parts[3], request, chat);
            } else {
                throw new GmsError(404, 2, GmsError.BAD_REQUEST, false, "No GMS Chat API call at " + ROOT + path);
            }
            if (chats.audit() && chat[0] != null && reply.get("messages") instanceof List<?> list && !list.isEmpty()) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> messages = (List<Map<String, Object>>) list;
                response.setHeader(io.gwsload.api.EntryTruth.HEADER, chats.appendedAt(chat[0], messages));
            }
            write(response, 200, reply);
        } catch (GmsError e) {
            truth.count(Counter.gmsErrors);
            write(response, e.httpStatus, failure(e));
        }
    }

    private Map<String, Object> requestChat(HttpServletRequest request, GmsChats.Chat[] opened) throws GmsError {
        String nickname = request.getParameter("nickname");
        if (nickname == null || nickname.isBlank()) {
            String first = request.getParameter("firstName");
            String last = request.getParameter("lastName");
            if (first == null || last == null) {
                throw GmsError.badRequest("Request Chat needs nickname, or firstName and lastName");
            }
            nickname = first + " " + last;
        }
        Map<String, Object> userData = new LinkedHashMap<>();
        request.getParameterMap().forEach((key, values) -> {
            if (key.startsWith("userData[") && key.endsWith("]") && values.length > 0) {
                userData.put(key.substring("userData[".length(), key.length() - 1), values[0]);
            }
        });
        String subject = request.getParameter("subject");
        if (subject != null) {
            userData.putIfAbsent("Subject", subject);
        }
        GmsChats.Chat chat = chats.open(new ContactOptions(nickname, userData, null), request.getParameter("text"));
        opened[0] = chat;
        return chats.view(chat, 1);
    }

    private Map<String, Object> call(String chatId, String operation, HttpServletRequest request,
            GmsChats.Chat[] found) throws GmsError {
        GmsChats.Chat chat = chats.find(chatId, request.getParameter("userId"), request.getParameter("secureKey"),
                request.getParameter("alias"));
        found[0] = chat;
        Interaction i = chat.interaction;
        Integer position = position(request);
        switch (operation) {
            case "refresh" -> {
                return chats.view(chat, position == null ? 1 : position);
            }
            case "send" -> {
                String message = request.getParameter("message");
                if (message == null) {
                    throw GmsError.badRequest("send needs a message");
                }
                say(chat, "Text", "text", message);
            }
            case "startTyping" -> say(chat, "TypingStarted", "text", emptyToNull(request.getParameter("message")));
            case "stopTyping" -> say(chat, "TypingStopped", "text", emptyToNull(request.getParameter("message")));
            case "customNotice" -> say(chat, "CustomNotice", "noticeText", request.getParameter("message"));
            case "pushUrl" -> {
                String url = request.getParameter("pushUrl");
                if (url == null) {
                    throw GmsError.badRequest("pushUrl needs a pushUrl");
                }
                say(chat, "PushUrl", "url", url);
            }
            case "updateNickname" -> say(chat, "NicknameUpdated", "nickname", request.getParameter("nickname"));
            case "updateData" -> {
                i.lock.lock();
                try {
                    request.getParameterMap().forEach((key, values) -> {
                        if (key.startsWith("userData[") && key.endsWith("]") && values.length > 0) {
                            i.userData.put(key.substring("userData[".length(), key.length() - 1), values[0]);
                        }
                    });
                } finally {
                    i.lock.unlock();
                }
            }
            case "readReceipt" -> {
                // acknowledged: nothing the agent side shows
            }
            case "disconnect" -> {
                if (!GmsChats.ended(chat)) {
                    chats.leave(chat);
                }
            }
            default -> throw new GmsError(404, 2, GmsError.BAD_REQUEST, false, "No GMS Chat API call '" + operation
                    + "'");
        }
        return chats.view(chat, position);
    }

    private void say(GmsChats.Chat chat, String type, String field, String value) throws GmsError {
        if (GmsChats.ended(chat) || !chats.say(chat, type, field, value)) {
            throw new GmsError(200, 2, GmsError.CHAT_ENDED, true, "Chat session " + chat.interaction.id
                    + " has ended");
        }
    }

    private static Integer position(HttpServletRequest request) throws GmsError {
        String p = request.getParameter("transcriptPosition");
        if (p == null || p.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            throw GmsError.badRequest("transcriptPosition must be a whole number, got " + p);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Map<String, Object> failure(GmsError e) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("statusCode", e.statusCode);
        m.put("chatEnded", e.chatEnded);
        m.put("messages", List.of());
        m.put("errors", List.of(Map.of("code", e.code, "message", e.getMessage())));
        return m;
    }

    /** Writes a JSON answer. */
    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = Json.writeBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
