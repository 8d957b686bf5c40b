package io.gwsload.simulator.gms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.BayeuxServerImpl;

import io.gwsload.simulator.model.ContactOptions;
import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.truth.Counter;
import io.gwsload.simulator.truth.GroundTruth;

/**
 * The GMS Chat API v2 in CometD notification mode, at {@code /genesys/cometd}: a customer publishes
 * {@code {"operation": ..., "secureKey": ..., ...}} on {@code /service/chatV2/{serviceName}} and gets, on the same
 * channel, the same reply shape as the REST calls: first for {@code requestChat} (with the keys), then whenever its
 * transcript grows or the chat ends (pushed, no polling). {@code requestNotifications} (or {@code refresh}) with a
 * {@code transcriptPosition} replays from there, as after a reconnect. A failure is a notification with
 * {@code statusCode} 2 and {@code errors}. With the {@code audit} knob each notification's {@code ext} holds
 * {@code gwsSimEntries}: when the simulator appended each entry (never in {@code data}).
 */
public final class GmsCometd {
    public static final String CHANNEL_PREFIX = "/service/chatV2/";
    private static final String PUSHER = "gwsload.gms.pusher";

    private final BayeuxServerImpl bayeux;
    private final GmsChats chats;
    private final GroundTruth truth;
    private final Executor executor;

    public GmsCometd(BayeuxServerImpl bayeux, GmsChats chats, GroundTruth truth, Executor executor) {
        this.bayeux = bayeux;
        this.chats = chats;
        this.truth = truth;
        this.executor = executor;
        bayeux.createChannelIfAbsent(CHANNEL_PREFIX + "*", c -> c.setPersistent(true)).getReference()
                .addListener(new ServerChannel.MessageListener() {
                    @Override
                    public boolean onMessage(ServerSession from, ServerChannel channel, ServerMessage.Mutable message) {
                        return GmsCometd.this.onMessage(from, channel, message);
                    }
                });
    }

    private boolean onMessage(ServerSession from, ServerChannel channel, ServerMessage.Mutable message) {
        truth.count(Counter.gmsRequests);
        Map<String, Object> data = message.getDataAsMap();
        String operation = data == null ? null : String.valueOf(data.get("operation"));
        String topic = message.getChannel();
        try {
            if ("requestChat".equals(operation)) {
                requestChat(from, topic, data);
            } else {
                operate(from, topic, operation, data);
            }
        } catch (RuntimeException e) {
            // Never a silent publish: the customer hears that it failed.
            onMessageFailed(from, topic, operation, new GmsError(200, 1, GmsError.UNAVAILABLE, false,
                    "the operation failed in the simulator: " + e));
        } catch (GmsError e) {
            onMessageFailed(from, topic, operation, e);
        }
        return true;
    }

    private void onMessageFailed(ServerSession from, String topic, String operation, GmsError e) {
        truth.count(Counter.gmsErrors);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statusCode", e.statusCode);
        m.put("chatEnded", e.chatEnded);
        m.put("operation", operation);
        m.put("messages", List.of());
        m.put("errors", List.of(Map.of("code", e.code, "message", e.getMessage())));
        from.deliver(null, topic, m, Promise.noop());
    }

    private void requestChat(ServerSession from, String topic, Map<String, Object> data) throws GmsError {
        chats.checkService(topic.substring(CHANNEL_PREFIX.length()));
        Object nick = data.get("nickname");
        String nickname = nick == null ? null : nick.toString();
        if (nickname == null || nickname.isBlank()) {
            if (data.get("firstName") == null || data.get("lastName") == null) {
                throw GmsError.badRequest("requestChat needs nickname, or firstName and lastName");
            }
            nickname = data.get("firstName") + " " + data.get("lastName");
        }
        Map<String, Object> userData = new LinkedHashMap<>();
        if (data.get("userData") instanceof Map<?, ?> given) {
            given.forEach((k, v) -> userData.put(String.valueOf(k), v));
        }
        GmsChats.Chat chat = chats.open(new ContactOptions(nickname, userData, null),
                data.get("text") == null ? null : data.get("text").toString());
        bind(from, topic, chat).push("requestChat");
    }

    /** The session now gets the chat's pushes (a new session after a reconnect takes them over). */
    private Pusher bind(ServerSession session, String topic, GmsChats.Chat chat) {
        Pusher pusher = new Pusher(session, topic, chat);
        session.setAttribute(PUSHER, pusher);
        chat.interaction.watcher = pusher::schedule;
        // While its CometD session lives the customer is there, asking or not (no flex-disconnect).
        chat.alive = () -> bayeux.getSession(session.getId()) != null;
        return pusher;
    }

    private void operate(ServerSession from, String topic, String operation, Map<String, Object> data)
            throws GmsError {
        Pusher pusher = from.getAttribute(PUSHER) instanceof Pusher p ? p : null;
        if (pusher == null) {
            // A customer back after a reconnect (a new CometD session): its secureKey names its chat.
            GmsChats.Chat known = chats.bySecureKey(String.valueOf(data.get("secureKey")));
            if (known != null) {
                pusher = bind(from, topic, known);
            }
        }
        if (pusher == null || !pusher.chat.secureKey.equals(data.get("secureKey"))) {
            throw new GmsError(200, 2, GmsError.INVALID_KEY, false, "No chat of this session has that secureKey");
        }
        GmsChats.Chat chat = pusher.chat;
        chat.lastRequestNanos = System.nanoTime();
        String message = data.get("message") == null ? null : data.get("message").toString();
        switch (operation) {
            case "sendMessage" -> say(chat, "Text", "text", message);
            case "startTyping" -> say(chat, "TypingStarted", "text", message == null || message.isEmpty() ? null : message);
            case "stopTyping" -> say(chat, "TypingStopped", "text", message == null || message.isEmpty() ? null : message);
            case "customNotice" -> say(chat, "CustomNotice", "noticeText", message);
            case "updateNickname" -> say(chat, "NicknameUpdated", "nickname", String.valueOf(data.get("nickname")));
            case "updateData" -> {
                Interaction i = chat.interaction;
                i.lock.lock();
                try {
                    if (data.get("userData") instanceof Map<?, ?> given) {
                        given.forEach((k, v) -> i.userData.put(String.valueOf(k), v));
                    }
                } finally {
                    i.lock.unlock();
                }
            }
            case "requestNotifications", "refresh" -> {
                int position = data.get("transcriptPosition") instanceof Number n && n.intValue() > 0 ? n.intValue() : 1;
                pusher.replayFrom(position, operation);
            }
            case "disconnect" -> {
                if (!GmsChats.ended(chat)) {
                    chats.leave(chat);
                }
            }
            default -> throw GmsError.badRequest("No GMS Chat API operation '" + operation + "'");
        }
    }

    private void say(GmsChats.Chat chat, String type, String field, String value) throws GmsError {
        if (value == null && "Text".equals(type)) {
            throw GmsError.badRequest("sendMessage needs a message");
        }
        if (GmsChats.ended(chat) || !chats.say(chat, type, field, value)) {
            throw new GmsError(200, 2, GmsError.CHAT_ENDED, true, "Chat session " + chat.interaction.id + " has ended");
        }
    }

    /** Sends one customer what is new in its chat, off the thread that changed it, at most one push queued. */
    private final class Pusher {
        final ServerSession session;
        final String topic;
        final GmsChats.Chat chat;
        private final AtomicBoolean queued = new AtomicBoolean();
        // guarded by this
        private int next = 1;
        private boolean endTold;

        Pusher(ServerSession session, String topic, GmsChats.Chat chat) {
            this.session = session;
            this.topic = topic;
            this.chat = chat;
        }

        void schedule() {
            if (queued.compareAndSet(false, true)) {
                executor.execute(() -> {
                    queued.set(false);
                    push(null);
                });
            }
        }

        synchronized void replayFrom(int position, String operation) {
            next = position;
            endTold = false;
            push(operation);
        }

        /** What is new since the last push; {@code operation} (a reply) is sent even when nothing is new. */
        synchronized void push(String operation) {
            Map<String, Object> view = chats.view(chat, next);
            boolean ended = Boolean.TRUE.equals(view.get("chatEnded"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> messages = (List<Map<String, Object>>) view.get("messages");
            next = (Integer) view.get("nextPosition");
            if (operation == null && messages.isEmpty() && (!ended || endTold)) {
                return;
            }
            endTold |= ended;
            if (ended) {
                chat.interaction.watcher = null;
            }
            if (operation != null) {
                view.put("operation", operation);
            }
            ServerMessage.Mutable m = bayeux.newMessage();
            m.setChannel(topic);
            m.setData(view);
            if (chats.audit() && !messages.isEmpty()) {
                m.getExt(true).put(io.gwsload.api.EntryTruth.EXT, chats.appendedAt(chat, messages));
            }
            session.deliver(null, m, Promise.noop());
        }
    }
}
