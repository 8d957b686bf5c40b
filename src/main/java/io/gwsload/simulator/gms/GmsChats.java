package io.gwsload.simulator.gms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.gwsload.api.Media;
import io.gwsload.simulator.Knobs;
import io.gwsload.simulator.model.ContactCentre;
import io.gwsload.simulator.model.ContactOptions;
import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.model.InteractionStatus;
import io.gwsload.simulator.model.LogEntry;
import io.gwsload.simulator.model.Visibility;
import io.gwsload.simulator.truth.Counter;

/**
 * The customer chats that came in through the simulator's GMS Chat API v2: each one's keys (the {@code userId} and
 * {@code secureKey} the customer proves itself with, the Chat Server {@code alias} that now and then changes), the
 * interaction it routed into the contact centre, and when the customer last asked for anything (Chat Server drops a
 * customer who stops asking: {@code flexDisconnectTimeoutMs}). The transcript is the interaction's own, shown as the
 * customer sees it ({@link #view}).
 */
public final class GmsChats {
    /** How long an ended chat stays known (its late calls are answered "ended", not "unknown"). */
    private static final long ENDED_RETENTION_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One customer's chat. Its mutable fields are guarded by the interaction's lock. */
    static final class Chat {
        final Interaction interaction;
        final String userId;
        final String secureKey;
        String alias;
        String previousAlias;
        volatile long lastRequestNanos;
        /** CometD mode: whether the customer's session still lives (then it is not flex-disconnected). */
        volatile java.util.function.BooleanSupplier alive;

        Chat(Interaction interaction, String userId, String secureKey, String alias) {
            this.interaction = interaction;
            this.userId = userId;
            this.secureKey = secureKey;
            this.alias = alias;
            this.lastRequestNanos = System.nanoTime();
        }
    }

    private final ContactCentre centre;
    private final Supplier<Knobs> knobs;
    private final ConcurrentHashMap<String, Chat> chats = new ConcurrentHashMap<>();

    public GmsChats(ContactCentre centre, Supplier<Knobs> knobs) {
        this.centre = centre;
        this.knobs = knobs;
    }

    /** Refuses a service the simulator does not know (knob {@code gmsServices}) as HTTP 404 with error 306. */
    void checkService(String service) throws GmsError {
        if (!knobs.get().knowsGmsService(service)) {
            throw new GmsError(404, 2, GmsError.INVALID_SERVICE, false, "Unknown chat service '" + service + "'");
        }
    }

    /** Request Chat: a new customer joins the queue, or statusCode 1 past {@code chatSessionLimit}. */
    synchronized Chat open(ContactOptions options, String firstText) throws GmsError {
        int limit = knobs.get().chatSessionLimit();
        if (limit > 0 && openCount() >= limit) {
            throw new GmsError(200, 1, GmsError.UNAVAILABLE, false, "Chat Server unavailable: " + limit
                    + " chat sessions are open (chatSessionLimit)");
        }
        Interaction i = centre.customers().arriveFromOutside(Media.CHAT, options, firstText);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        Chat chat = new Chat(i, hex16(r), hex16(r), String.valueOf(100 + r.nextInt(900)));
        chats.put(i.id, chat);
        centre.truth().count(Counter.gmsChatsOpened);
        return chat;
    }

    /** The chat a later call names, once its keys are checked; the call counts as the customer's sign of life. */
    Chat find(String chatId, String userId, String secureKey, String alias) throws GmsError {
        Chat chat = chatId == null ? null : chats.get(chatId);
        if (chat == null) {
            throw new GmsError(200, 2, GmsError.UNKNOWN_CHAT, true, "No chat session " + chatId);
        }
        if (!chat.userId.equals(userId) || !chat.secureKey.equals(secureKey)) {
            throw new GmsError(200, 2, GmsError.INVALID_KEY, false, "Invalid userId or secureKey for chat " + chatId);
        }
        chat.interaction.lock.lock();
        try {
            // A call sent before the reply that changed the alias came carries the one before: not stale yet.
            if (alias != null && !alias.equals(chat.alias) && !alias.equals(chat.previousAlias)) {
                centre.truth().count(Counter.gmsStaleAlias);
            }
        } finally {
            chat.interaction.lock.unlock();
        }
        chat.lastRequestNanos = System.nanoTime();
        return chat;
    }

    /**
     * The customer adds a transcript entry; false when it is no longer in the chat. A message beyond
     * {@code chatMessageRateLimit} in the current second is refused with statusCode 1, as Chat Server answers
     * SERVICE UNAVAILABLE past its capacity.
     */
    boolean say(Chat chat, String type, String field, String value) throws GmsError {
        if ("Text".equals(type)) {
            admitMessage();
        }
        return centre.customers().say(chat.interaction, type, field, value);
    }

    // guarded by this: the customers' messages in the current second (chatMessageRateLimit)
    private long messageSecond;
    private int messagesInSecond;

    private void admitMessage() throws GmsError {
        int limit = knobs.get().chatMessageRateLimit();
        if (limit <= 0) {
            return;
        }
        long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime());
        synchronized (this) {
            if (second != messageSecond) {
                messageSecond = second;
                messagesInSecond = 0;
            }
            if (messagesInSecond >= limit) {
                throw new GmsError(200, 1, GmsError.UNAVAILABLE, false, "Chat Server unavailable: more than "
                        + limit + " messages per second (chatMessageRateLimit)");
            }
            messagesInSecond++;
        }
    }

    /** The customer disconnects. */
    void leave(Chat chat) {
        centre.customers().leaveFromOutside(chat.interaction);
    }

    /** Whether this chat is no longer known (ended, and past its retention). */
    boolean forgotten(Chat chat) {
        return chats.get(chat.interaction.id) != chat;
    }

    /** Whether the chat is over for its customer: it left, or the interaction ended. */
    static boolean ended(Chat chat) {
        Interaction i = chat.interaction;
        i.lock.lock();
        try {
            return i.status == InteractionStatus.ENDED || !i.customerPresent;
        } finally {
            i.lock.unlock();
        }
    }

    /**
     * The reply every call gets (GMS answers one shape): the keys, {@code chatEnded}, and the customer-visible
     * transcript entries from {@code position} on ({@code null}: none asked), with {@code nextPosition}. Now and
     * then the alias changes ({@code gmsAliasChangeRate}).
     */
    Map<String, Object> view(Chat chat, Integer position) {
        Interaction i = chat.interaction;
        Map<String, Object> m = new LinkedHashMap<>(10);
        List<Map<String, Object>> messages = new ArrayList<>();
        int next;
        i.lock.lock();
        try {
            if (ThreadLocalRandom.current().nextDouble() < knobs.get().gmsAliasChangeRate()) {
                chat.previousAlias = chat.alias;
                int now = Integer.parseInt(chat.alias);
                chat.alias = String.valueOf(100 + (now - 100 + 1 + ThreadLocalRandom.current().nextInt(899)) % 900);
            }
            int from = position == null ? i.log.size() + 1 : Math.max(1, position);
            for (int n = from; n <= i.log.size(); n++) {
                LogEntry e = i.log.get(n - 1);
                if (e.visibility() == Visibility.All) {
                    messages.add(GmsWire.entry(e));
                }
            }
            next = Math.max(from, i.log.size() + 1);
            m.put("statusCode", 0);
            m.put("alias", chat.alias);
            m.put("chatEnded", i.status == InteractionStatus.ENDED || !i.customerPresent);
        } finally {
            i.lock.unlock();
        }
        m.put("chatId", i.id);
        m.put("messages", messages);
        m.put("nextPosition", next);
        m.put("secureKey", chat.secureKey);
        m.put("userId", chat.userId);
        return m;
    }

    /** The chat this secureKey proves (CometD mode names a chat by it alone), or null. */
    Chat bySecureKey(String secureKey) {
        for (Chat c : chats.values()) {
            if (c.secureKey.equals(secureKey)) {
                return c;
            }
        }
        return null;
    }

    /** Whether replies carry the ground truth header ({@code audit} knob). */
    boolean audit() {
        return knobs.get().audit();
    }

    /**
     * The ground truth of a reply's entries: {@code index:nanos} of each, when it was appended (the JVM's
     * monotonic clock), comma-separated.
     */
    String appendedAt(Chat chat, java.util.List<Map<String, Object>> messages) {
        Interaction i = chat.interaction;
        StringBuilder sb = new StringBuilder();
        i.lock.lock();
        try {
            for (Map<String, Object> m : messages) {
                int index = (Integer) m.get("index");
                if (index >= 1 && index <= i.log.size()) {
                    io.gwsload.api.EntryTruth.append(sb, index, i.log.get(index - 1).nanos());
                }
            }
        } finally {
            i.lock.unlock();
        }
        return sb.toString();
    }

    /** Chats whose customer has not left and whose interaction has not ended. */
    public int openCount() {
        int n = 0;
        for (Chat c : chats.values()) {
            if (!ended(c)) {
                n++;
            }
        }
        return n;
    }

    /** Drops customers silent past the flex-disconnect timeout, and forgets chats ended a while ago. */
    public void sweep(long nowNanos) {
        long flex = TimeUnit.MILLISECONDS.toNanos(knobs.get().flexDisconnectTimeoutMs());
        for (Chat c : chats.values()) {
            long idle = nowNanos - c.lastRequestNanos;
            if (ended(c)) {
                if (idle > ENDED_RETENTION_NANOS) {
                    chats.remove(c.interaction.id, c);
                }
            } else if (c.alive != null && c.alive.getAsBoolean()) {
                c.lastRequestNanos = nowNanos; // connected over CometD: present, whether it asks or not
            } else if (flex > 0 && idle > flex && centre.customers().leaveFromOutside(c.interaction)) {
                centre.truth().count(Counter.gmsFlexDisconnects);
            }
        }
    }

    private static String hex16(ThreadLocalRandom r) {
        return String.format("%016X", r.nextLong());
    }
}
