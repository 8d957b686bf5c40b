package io.gwsload.customer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.FormRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Fields;

/**
 * One simulated customer's web chat through GMS's Chat API v2. In polling mode it requests the chat, then asks
 * for its transcript every {@link GmsSettings#pollInterval()} (never two polls at once), and keeps what it reads;
 * in CometD notification mode ({@link GmsSettings#cometd()}) it publishes its calls and GMS pushes its transcript.
 * Every call carries the latest {@code alias}, {@code userId} and {@code secureKey} a successful reply gave. Waits
 * ({@link #await}) see entries read before they started. Nothing here blocks: calls and waits return futures.
 *
 * <p>A polled time is when the poll that brought the entry was answered; the entry appeared on the server after
 * the previous poll started ({@link TranscriptEntry#notBeforeNanos()}), so polling adds at most their difference.
 */
public final class CustomerChat {
    /** Polls that fail in a row before the chat is given up (as Genesys's own chat widget does). */
    static final int POLL_FAILURE_LIMIT = 5;
    private static final int MAX_BODY = 1 << 20;

    /** A successful Request Chat: the chat, timed from the POST to its answer. */
    public record Opened(CustomerChat chat, long startNanos, long endNanos) {
    }

    /** One call's outcome: its timing and reply, {@code failure} null when it succeeded. */
    public record Call(long startNanos, long endNanos, GmsReply reply, String failure) {
    }

    /** A wait that nothing met within its timeout (in a future). */
    public static final class WaitTimedOut extends RuntimeException {
        WaitTimedOut(String message) {
            super(message, null, false, false);
        }
    }

    /** A wait, or a step, met a chat that was over for the customer (in a future). */
    public static final class ChatEnded extends RuntimeException {
        ChatEnded(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown (in a future) when a call fails: its message is the one sentence, its timings are kept. */
    public static final class CallFailed extends RuntimeException {
        private final transient Call call;

        CallFailed(Call call) {
            super(call.failure(), null, false, false);
            this.call = call;
        }

        public Call call() {
            return call;
        }
    }

    private final CustomerRuntime runtime;
    private final String service;
    private final long requestedNanos;
    private final String token;

    // Guarded by this.
    private String chatId;
    private String alias;
    private String userId;
    private String secureKey;
    private int nextPosition = 1;
    private int highestIndex;
    private long previousPollStartNanos;
    private final List<TranscriptEntry> entries = new ArrayList<>();
    private final java.util.BitSet consumed = new java.util.BitSet();
    /** Transcript indexes read so far (a repeat is skipped, whenever it comes). */
    private final java.util.BitSet seen = new java.util.BitSet();
    private final List<Watch> watches = new ArrayList<>(1);
    private String endedBecause;
    private long endedNanos;
    private long agentLeftNanos = NONE;
    /** Agents in the chat, as the transcript shows them joining and leaving. */
    private int agentsPresent;
    private long lastAgentJoinNanos = NONE;
    /** GWS's Customer Chat API: when GetChat may be asked next whether the chat ended, and the back-off. */
    private long nextEndCheckNanos;
    private long endCheckEvery;
    private boolean endCheckInFlight;
    /** The GetChat in flight, or a completed future: the end of a run waits for it before counting open chats. */
    private CompletableFuture<?> endCheck = CompletableFuture.completedFuture(null);
    private boolean closed;
    private ScheduledFuture<?> nextPoll;
    private boolean pollInFlight;
    // CometD notification mode only.
    private org.cometd.client.BayeuxClient cometd;
    private String topic;
    private CompletableFuture<Opened> opening;
    private boolean leavingChat;
    /** The interval to the next poll: fixed, or (dynamic polling) short after the customer writes, then growing. */
    private long intervalNanos;
    private int pollFailures;

    private final class Watch {
        final Predicate<TranscriptEntry> predicate;
        final boolean consume;
        final String what;
        final CompletableFuture<TranscriptEntry> result = new CompletableFuture<>();
        ScheduledFuture<?> timeout;

        Watch(Predicate<TranscriptEntry> predicate, boolean consume, String what) {
            this.predicate = predicate;
            this.consume = consume;
            this.what = what;
        }
    }

    private CustomerChat(CustomerRuntime runtime, String service, long requestedNanos, String token) {
        this.runtime = runtime;
        this.service = service;
        this.requestedNanos = requestedNanos;
        this.token = token;
    }

    /** The user data key of the chat's token (unique in the run), which the agent sees in the offer. */
    public static final String TOKEN_KEY = "GwsLoadChat";

    /** The chat's token (user data {@value #TOKEN_KEY}). */
    public String token() {
        return token;
    }

    /**
     * Request Chat: {@code nickname}, {@code userData[key]} and the first {@code text} (may be null) as a form.
     * Completes with the open chat, or fails with {@link CallFailed}.
     */
    static CompletableFuture<Opened> request(CustomerRuntime runtime, String service, String nickname,
            Map<String, String> given, String text) {
        // The chat's token rides in its user data, which GWS shows the agent in the offer: the agent's side can
        // then tell this run's customers, and one given customer, from any other chat.
        Map<String, String> userData = new LinkedHashMap<>(given);
        userData.putIfAbsent(TOKEN_KEY, runtime.newChatToken());
        String token = userData.get(TOKEN_KEY);
        runtime.requesting(token);
        runtime.chatsRequested.incrementAndGet();
        CompletableFuture<Opened> opened;
        if (runtime.settings.api() == GmsSettings.Api.GWS) {
            opened = requestOverGws(runtime, nickname, userData, text);
        } else if (runtime.settings.cometd()) {
            opened = requestOverCometd(runtime, service, nickname, userData, text);
        } else {
            opened = requestOverRest(runtime, service, nickname, userData, text);
        }
        return opened.whenComplete((o, e) -> {
            if (e != null) {
                runtime.requestFailed(token);
            }
        });
    }

    /** The GMS Chat API in polling mode: Request Chat as a form. */
    private static CompletableFuture<Opened> requestOverRest(CustomerRuntime runtime, String service, String nickname,
            Map<String, String> userData, String text) {
        Fields form = new Fields();
        form.put("nickname", nickname);
        userData.forEach((k, v) -> form.put("userData[" + k + "]", v));
        if (text != null) {
            form.put("text", text);
        }
        long start = System.nanoTime();
        CustomerChat chat = new CustomerChat(runtime, service, start, userData.get(TOKEN_KEY));
        return chat.post(runtime.settings.serviceUrl(service), form, start).thenApply(
                call -> chat.openedBy(call, "GMS answered Request Chat without a chatId"));
    }

    /**
     * A polled chat's request was answered: failed, or open with the id the reply gave (and the transcript it
     * carried: what the first poll reads appeared after the request began). Polling starts.
     */
    private Opened openedBy(Call call, String noId) {
        if (call.failure() != null) {
            throw new CallFailed(call);
        }
        if (call.reply().chatId() == null) {
            throw new CallFailed(new Call(call.startNanos(), call.endNanos(), call.reply(), noId));
        }
        synchronized (this) {
            chatId = call.reply().chatId();
            read(call.reply(), call.startNanos(), call.endNanos()); // no wait yet: nothing to fire
        }
        runtime.chatsOpened.incrementAndGet();
        runtime.opened(this);
        schedulePoll(runtime.settings.pollInterval().toNanos());
        return new Opened(this, call.startNanos(), call.endNanos());
    }

    /**
     * CometD notification mode: a handshake at the Chat API's Bayeux endpoint, then {@code requestChat} published on
     * {@code /service/chatV2/{service}}; the chat is open with the first notification that carries its keys (timed
     * from before the handshake: the customer waits for both).
     */
    private static CompletableFuture<Opened> requestOverCometd(CustomerRuntime runtime, String service,
            String nickname, Map<String, String> userData, String text) {
        long start = System.nanoTime();
        CustomerChat chat = new CustomerChat(runtime, service, start, userData.get(TOKEN_KEY));
        CompletableFuture<Opened> opened = new CompletableFuture<>();
        String topic = "/service/chatV2/" + service;
        org.cometd.client.BayeuxClient client = new org.cometd.client.BayeuxClient(runtime.settings.cometdUrl(),
                // maxNetworkDelay explicitly: its default is the HttpClient's idle timeout, which is now the short
                // keep-alive of idle connections (gws.keepAlive).
                runtime.cometdScheduler(), new org.cometd.client.http.jetty.JettyHttpClientTransport(
                        new java.util.HashMap<>(Map.of(org.cometd.client.transport.ClientTransport.MAX_NETWORK_DELAY_OPTION,
                                runtime.settings.requestTimeout().toMillis())), runtime.http) {
                    @Override
                    protected void customize(Request request) {
                        super.customize(request);
                        runtime.addHeaders(request);
                    }
                });
        io.gwsload.client.CometdClientLoggers.detach(client);
        synchronized (chat) {
            chat.cometd = client;
            chat.topic = topic;
            chat.opening = opened;
        }
        client.getChannel(topic).addListener((org.cometd.bayeux.client.ClientSessionChannel.MessageListener)
                (channel, message) -> chat.onNotification(message, System.nanoTime()));
        // A new CometD session after the first (a reconnect): what came meanwhile is asked for again.
        client.getChannel(org.cometd.bayeux.Channel.META_HANDSHAKE).addListener(
                (org.cometd.bayeux.client.ClientSessionChannel.MessageListener) (channel, message) -> {
                    if (message.isSuccessful() && chat.chatId() != null) {
                        chat.replayAfterReconnect();
                    }
                });
        runtime.opening(chat);
        // GMS answers requestChat with a notification; one that never comes (notification mode off) must not
        // leave the step waiting for ever.
        long limit = runtime.settings.requestTimeout().toMillis();
        runtime.scheduler.schedule(() -> {
            if (opened.completeExceptionally(new CallFailed(new Call(start, System.nanoTime(), null, "GMS sent no "
                    + "reply to requestChat within " + limit + " ms over CometD (is its notification mode on?)")))) {
                client.disconnect();
            }
        }, limit, TimeUnit.MILLISECONDS);
        opened.whenComplete((o, e) -> runtime.notOpening(chat));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("operation", "requestChat");
        data.put("nickname", nickname);
        data.put("userData", new LinkedHashMap<>(userData));
        if (text != null) {
            data.put("text", text);
        }
        client.handshake(reply -> {
            if (!reply.isSuccessful()) {
                client.disconnect();
                opened.completeExceptionally(new CallFailed(new Call(start, System.nanoTime(), null,
                        "GMS CometD handshake at " + runtime.settings.cometdUrl() + " failed: " + reason(reply))));
                return;
            }
            client.getChannel(topic).publish(data, published -> {
                if (!published.isSuccessful()) {
                    client.disconnect();
                    opened.completeExceptionally(new CallFailed(new Call(start, System.nanoTime(), null,
                            "GMS CometD publish of requestChat failed: " + reason(published))));
                }
            });
        });
        return opened;
    }

    /**
     * GWS's Customer Chat API: {@code RequestChat} (JSON, {@code ContactCenterId}), answered with the chat's id; a first
     * {@code text} follows as a {@code SendMessage} (the API takes none with the request), after which the step ends.
     */
    private static CompletableFuture<Opened> requestOverGws(CustomerRuntime runtime, String nickname,
            Map<String, String> userData, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operationName", "RequestChat");
        body.put("nickname", nickname);
        body.put("userData", userData);
        long start = System.nanoTime();
        CustomerChat chat = new CustomerChat(runtime, "customer-chat-api", start, userData.get(TOKEN_KEY));
        return chat.json(HttpMethod.POST, runtime.settings.customerChatUrl(), body, start).thenCompose(call -> {
            Opened opened = chat.openedBy(call, "GWS answered RequestChat without the chat's id");
            if (text == null) {
                return CompletableFuture.completedFuture(opened);
            }
            return chat.call("send", Map.of("message", text)).thenApply(first -> {
                if (first.failure() != null) {
                    chat.disconnectQuietly(); // no step will have this chat: the customer leaves it (Complete)
                    throw new CallFailed(first);
                }
                return opened;
            });
        });
    }

    /** GWS's Customer Chat API: GetChat; a chat in state {@code Completed} has ended for its customer. */
    private void checkEnded() {
        String id;
        long now = System.nanoTime();
        synchronized (this) {
            // One at a time, and less and less often while no agent comes back (a transfer, a queue): the poll
            // interval, then twice that, and so on, so that a chat waiting for an agent is not asked on every poll.
            if (endCheckInFlight || now - nextEndCheckNanos < 0) {
                return;
            }
            endCheckInFlight = true;
            long interval = runtime.settings.pollInterval().toNanos();
            endCheckEvery = endCheckEvery == 0 ? interval : Math.min(endCheckEvery * 2, 64 * interval);
            nextEndCheckNanos = now + endCheckEvery;
            id = chatId;
        }
        CompletableFuture<?> check = json(HttpMethod.GET, runtime.settings.customerChatUrl() + "/" + id, null, now)
                .whenComplete((call, error) -> {
            synchronized (this) {
                endCheckInFlight = false;
            }
            GmsReply reply = call == null ? null : call.reply();
            if (reply != null && ("Completed".equals(reply.chatState()) || reply.httpStatus() == 404
                    || reply.statusCode() == 2)) {
                end("chatEnded"); // ended, or a chat GWS no longer knows
            }
        });
        synchronized (this) {
            endCheck = check;
        }
    }

    /** GWS's Customer Chat API: the GetChat in flight, if any (completed otherwise). */
    synchronized CompletableFuture<?> endCheck() {
        return endCheck;
    }

    /** The GWS Customer Chat API's name of a call. */
    private static String gwsOperation(String operation) {
        return switch (operation) {
            case "send" -> "SendMessage";
            case "startTyping" -> "SendStartTypingNotification";
            case "stopTyping" -> "SendStopTypingNotification";
            case "disconnect" -> "Complete";
            default -> operation;
        };
    }

    /** One JSON call of GWS's Customer Chat API ({@code body} null: none), with its {@code ContactCenterId}. */
    private CompletableFuture<Call> json(HttpMethod method, String url, Map<String, Object> body, long start) {
        return exchange(method, url, request -> {
            request.headers(h -> h.put("ContactCenterId", runtime.settings.contactCenterId()));
            if (body != null) {
                request.body(new org.eclipse.jetty.client.StringRequestContent("application/json",
                        io.gwsload.api.Json.write(body)));
            }
        }, start);
    }

    private static String reason(org.cometd.bayeux.Message reply) {
        Object error = reply.get(org.cometd.bayeux.Message.ERROR_FIELD);
        if (error != null) {
            return error.toString();
        }
        if (reply.get("failure") instanceof Map<?, ?> f && f.get("exception") instanceof Throwable t) {
            return io.gwsload.client.Failures.describe(t);
        }
        return "no reason given";
    }

    /** A notification on the chat's channel (CometD mode): the reply to requestChat, then what is new. */
    private void onNotification(org.cometd.bayeux.Message message, long nanos) {
        if (message.isPublishReply() || message.getData() == null) {
            // The acknowledgement of this customer's own publish (listeners hear those too): not a push. Taken
            // for requestChat's reply it failed the chat when it overtook the push (1 in 1,000 at 200 chats/s).
            return;
        }
        GmsReply reply = GmsReply.of(message.getDataAsMap());
        if (runtime.settings.sameClock() && message.getExt() != null
                && message.getExt().get(io.gwsload.api.EntryTruth.EXT) instanceof String truth) {
            reply = reply.withTruth(truth);
        }
        onPushed(reply, nanos);
    }

    /** A reply GMS pushed (CometD mode), received at {@code nanos}. */
    void onPushed(GmsReply reply, long nanos) {
        CompletableFuture<Opened> opening;
        List<Fired> fired = List.of();
        synchronized (this) {
            opening = this.opening;
            if (opening != null && (reply.failure() != null || reply.chatId() == null)) {
                this.opening = null;
            } else if (reply.statusCode() == 0) {
                if (chatId == null) {
                    chatId = reply.chatId();
                }
                this.opening = null;
                fired = read(reply, nanos, nanos);
            }
        }
        if (opening != null) {
            if (reply.failure() != null || reply.chatId() == null) {
                cometd.disconnect();
                opening.completeExceptionally(new CallFailed(new Call(requestedNanos, nanos, reply,
                        reply.failure() != null ? reply.failure() : "GMS answered requestChat without a chatId")));
                return;
            }
            if (opening.isDone()) {
                return; // it timed out meanwhile
            }
            runtime.chatsOpened.incrementAndGet();
            runtime.opened(this);
            if (!opening.complete(new Opened(this, requestedNanos, nanos))) {
                end("GMS's reply to requestChat came after its timeout"); // no step has this chat: it goes
                return;
            }
        }
        fired.forEach(Fired::complete);
        if (reply.chatEnded()) {
            end("chatEnded");
        }
    }

    /** CometD mode, after a reconnect: GMS is asked for the transcript from where this customer is. */
    private void replayAfterReconnect() {
        Map<String, Object> data = new LinkedHashMap<>();
        org.cometd.client.BayeuxClient client;
        String channel;
        synchronized (this) {
            if (endedBecause != null) {
                return;
            }
            data.put("operation", "requestNotifications");
            data.put("secureKey", secureKey);
            data.put("chatId", chatId);
            data.put("transcriptPosition", nextPosition);
            client = cometd;
            channel = topic;
        }
        client.getChannel(channel).publish(data);
    }

    /** Whether its transcript is read by polling (REST), so that its timings are late by up to an interval. */
    public boolean polled() {
        return runtime.settings.api() == GmsSettings.Api.GWS || !runtime.settings.cometd();
    }

    public synchronized String chatId() {
        return chatId;
    }

    /** When Request Chat was sent: the start of the time to answer. */
    public long requestedNanos() {
        return requestedNanos;
    }

    /** Whether the chat is over for this customer, and why (null while it goes on). */
    public synchronized String endedBecause() {
        return endedBecause;
    }

    /** Whether an agent is in the chat now, as the transcript read so far shows (joins minus leaves). */
    public synchronized boolean agentPresent() {
        return agentsPresent > 0;
    }

    /** When the customer read the latest agent joining ({@link #NONE}: none yet). */
    public synchronized long lastAgentJoinNanos() {
        return lastAgentJoinNanos;
    }

    /** Whether the customer has read that an agent joined the chat. */
    public synchronized boolean agentJoined() {
        return lastAgentJoinNanos != NONE;
    }

    /** {@code send}: the customer's message. */
    public CompletableFuture<Call> send(String message) {
        quicken();
        return call("send", Map.of("message", message));
    }

    /** {@code startTyping} / {@code stopTyping}. */
    public CompletableFuture<Call> typing(boolean started) {
        quicken();
        return call(started ? "startTyping" : "stopTyping", Map.of());
    }

    /** Dynamic polling: the customer wrote or typed, so the next poll comes soon (the widget's pacing). */
    private void quicken() {
        if (!runtime.settings.dynamicPolling()) {
            return;
        }
        long min = Math.min(GmsSettings.DYNAMIC_MIN.toNanos(), runtime.settings.pollInterval().toNanos());
        synchronized (this) {
            intervalNanos = min;
            if (pollInFlight || endedBecause != null || closed || nextPoll == null
                    || nextPoll.getDelay(TimeUnit.NANOSECONDS) <= min) {
                return; // a poll in flight schedules its successor with the shorter interval
            }
            nextPoll.cancel(false);
            schedulePoll(min); // in the same lock: no poll ending in between can add a second chain
        }
    }

    /** {@code disconnect}: the customer leaves; polling stops. */
    public CompletableFuture<Call> disconnect() {
        return call("disconnect", Map.of());
    }

    /** The run is over: polling stops, and what still waits fails with that reason. */
    void close() {
        CompletableFuture<Opened> unanswered;
        synchronized (this) {
            unanswered = opening;
            opening = null;
        }
        if (unanswered != null) {
            unanswered.completeExceptionally(new CallFailed(new Call(requestedNanos, System.nanoTime(), null,
                    "the run ended before GMS answered requestChat")));
        }
        end("the run ended");
        org.cometd.client.BayeuxClient client;
        synchronized (this) {
            closed = true;
            client = cometd;
        }
        if (client != null && !client.isDisconnected()) {
            client.disconnect();
        }
    }

    /** Leaves at the end of a run, outside the books. */
    CompletableFuture<Void> disconnectQuietly() {
        synchronized (this) {
            if (endedBecause != null) {
                runtime.closed(this);
                return CompletableFuture.completedFuture(null);
            }
        }
        return disconnect().handle((c, e) -> null);
    }

    /**
     * The first transcript entry, read or to be read, that {@code predicate} accepts (one {@code consume}d by an
     * earlier wait is skipped: two waits for an agent's message get two messages). Fails with one sentence when
     * {@code timeout} passes first or the chat ends.
     */
    public CompletableFuture<TranscriptEntry> await(Predicate<TranscriptEntry> predicate, boolean consume,
            String what, Duration timeout) {
        Watch w = new Watch(predicate, consume, what);
        synchronized (this) {
            for (int i = 0; i < entries.size(); i++) {
                TranscriptEntry e = entries.get(i);
                if ((!consume || !consumed.get(i)) && predicate.test(e)) {
                    if (consume) {
                        consumed.set(i);
                    }
                    w.result.complete(e);
                    return w.result;
                }
            }
            if (endedBecause != null) {
                w.result.completeExceptionally(new ChatEnded("the chat ended (" + endedBecause + ") before " + what));
                return w.result;
            }
            if (runtime.scheduler.isShutdown()) {
                w.result.completeExceptionally(new ChatEnded("the run ended before " + what));
                return w.result;
            }
            watches.add(w);
            w.timeout = runtime.scheduler.schedule(() -> timedOut(w, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        return w.result;
    }

    /**
     * Waits until the transcript shows the last agent in the chat leaving (a conference's first agent to leave does
     * not end it for the customer); see {@link #await}.
     */
    public CompletableFuture<TranscriptEntry> awaitLastAgentLeaving(Duration timeout) {
        return await(e -> "ParticipantLeft".equals(e.type()) && e.fromAgent() && leftNoAgent(e), false,
                "the last agent leaving the chat", timeout);
    }

    /**
     * Whether no agent was left in the chat after this entry (an agent's {@code ParticipantLeft}), by index: known
     * only once every entry from the first read up to it has been read (pushes can overtake each other).
     */
    private synchronized boolean leftNoAgent(TranscriptEntry e) {
        int first = seen.nextSetBit(1);
        if (e.index() <= 0 || first < 0 || seen.nextClearBit(first) <= e.index()) {
            return false;
        }
        int agents = 0;
        for (TranscriptEntry x : entries) {
            if (x.index() > 0 && x.index() <= e.index() && x.fromAgent()) {
                if ("ParticipantJoined".equals(x.type())) {
                    agents++;
                } else if ("ParticipantLeft".equals(x.type())) {
                    agents--;
                }
            }
        }
        return agents <= 0;
    }

    /** When an agent of this run last left the chat (Complete or Leave), or {@link #NONE}. */
    public long agentLeftAt() {
        synchronized (this) {
            if (endedBecause != null) {
                return agentLeftNanos;
            }
        }
        return runtime.agentLeftAt(token);
    }

    /** Whether GMS said the chat ended ({@code chatEnded}), and when it was read; {@link #NONE} otherwise. */
    public synchronized long endedByGmsAt() {
        return "chatEnded".equals(endedBecause) ? endedNanos : NONE;
    }

    /** When the agent who wrote {@code entry} sent it (an agent of this run), or {@link #NONE}. */
    public long agentSentAt(TranscriptEntry entry) {
        return runtime.takeAgentSend(token, entry.text());
    }

    public CustomerRuntime runtime() {
        return runtime;
    }

    /** No time: no agent of this run sent it, or no ground truth. */
    public static final long NONE = Long.MIN_VALUE;

    /** One sentence for a failure that came as an exception. */
    public static String describe(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    // ---- internals ----

    private void timedOut(Watch w, Duration timeout) {
        synchronized (this) {
            if (!watches.remove(w)) {
                return;
            }
        }
        w.result.completeExceptionally(new WaitTimedOut("no " + w.what + " within " + timeout.toMillis() + " ms"));
    }

    /** The CometD mode's name of a REST call. */
    private static String cometdOperation(String operation) {
        return "send".equals(operation) ? "sendMessage" : operation;
    }

    /** CometD mode: the call published on the chat's channel, timed to the server's publish reply. */
    private CompletableFuture<Call> publish(String operation, Map<String, String> fields) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("operation", cometdOperation(operation));
        org.cometd.client.BayeuxClient client;
        String channel;
        synchronized (this) {
            data.put("secureKey", secureKey);
            data.put("chatId", chatId);
            data.put("alias", alias);
            data.put("userId", userId);
            client = cometd;
            channel = topic;
        }
        data.putAll(fields);
        CompletableFuture<Call> result = new CompletableFuture<>();
        long start = System.nanoTime();
        if ("disconnect".equals(operation)) {
            synchronized (this) {
                leavingChat = true; // the chatEnded this causes must not cut the publish's reply off
            }
        }
        // As a REST call has its request timeout: a publish whose reply never comes must not hold its step for ever.
        long limit = runtime.settings.requestTimeout().toMillis();
        if (runtime.scheduler.isShutdown()) { // its scheduler drops tasks silently once the run is over
            result.complete(new Call(start, System.nanoTime(), null, "the run ended before " + data.get("operation")));
            return result;
        }
        java.util.concurrent.ScheduledFuture<?> deadline = runtime.scheduler.schedule(() -> {
            if (result.complete(new Call(start, System.nanoTime(), null, "GMS sent no reply to "
                    + data.get("operation") + " within " + limit + " ms over CometD")) && "disconnect".equals(operation)) {
                end("the customer left"); // as if answered: the chat is over for this customer, its client goes
            }
        }, limit, TimeUnit.MILLISECONDS);
        client.getChannel(channel).publish(data, reply -> {
            long end = System.nanoTime();
            deadline.cancel(false);
            if (!result.complete(reply.isSuccessful() ? new Call(start, end, GmsReply.accepted(), null)
                    : new Call(start, end, null, "GMS CometD publish of " + data.get("operation") + " failed: "
                            + reason(reply)))) {
                return; // timed out already
            }
            if ("disconnect".equals(operation)) {
                end("the customer left");
                if (!client.isDisconnected()) {
                    client.disconnect(); // end() left it to this reply
                }
            }
        });
        return result;
    }

    private CompletableFuture<Call> call(String operation, Map<String, String> fields) {
        if (runtime.settings.api() == GmsSettings.Api.GWS) {
            return callGws(operation, fields);
        }
        if (!polled()) {
            return publish(operation, fields);
        }
        Fields form = new Fields();
        String id;
        synchronized (this) {
            id = chatId;
            form.put("userId", userId);
            form.put("secureKey", secureKey);
            form.put("alias", alias);
        }
        fields.forEach(form::put);
        long start = System.nanoTime();
        return post(runtime.settings.serviceUrl(service) + "/" + id + "/" + operation, form, start)
                .thenApply(call -> {
                    if (call.reply() != null && call.reply().statusCode() == 0) {
                        synchronized (this) {
                            keys(call.reply());
                        }
                    }
                    if ("disconnect".equals(operation)) {
                        end("the customer left");
                    } else if (call.reply() != null && call.reply().chatEnded() && !"refresh".equals(operation)) {
                        pollNow(); // what the agents wrote last is read before the chat ends
                    }
                    return call;
                });
    }

    /** A call on GWS's Customer Chat API: {@code refresh} is GetMessages from the next position, the rest POSTs. */
    private CompletableFuture<Call> callGws(String operation, Map<String, String> fields) {
        String id;
        synchronized (this) {
            id = chatId;
        }
        String chatUrl = runtime.settings.customerChatUrl() + "/" + id;
        long start = System.nanoTime();
        CompletableFuture<Call> sent;
        if ("refresh".equals(operation)) {
            sent = json(HttpMethod.GET, chatUrl + "/messages?index=" + fields.get("transcriptPosition"), null, start);
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("operationName", gwsOperation(operation));
            if (fields.get("message") != null && "send".equals(operation)) {
                body.put("text", fields.get("message"));
            }
            sent = json(HttpMethod.POST, chatUrl, body, start);
        }
        return sent.thenApply(call -> {
            if ("disconnect".equals(operation)) {
                end("the customer left");
            }
            return call;
        });
    }

    /** One form-encoded call of GMS's Chat API. */
    private CompletableFuture<Call> post(String url, Fields form, long start) {
        return exchange(HttpMethod.POST, url, request -> request.body(new FormRequestContent(form)), start);
    }

    /**
     * One HTTP call of the customer API ({@link CustomerRuntime#addHeaders} and {@code shape}'s headers and body):
     * completes with the reply (the
     * simulator's truth read when on this clock), or with one sentence when it could not be sent or failed.
     */
    private CompletableFuture<Call> exchange(HttpMethod method, String url,
            java.util.function.Consumer<Request> shape, long start) {
        CompletableFuture<Call> result = new CompletableFuture<>();
        String api = runtime.settings.api() == GmsSettings.Api.GWS ? "GWS" : "GMS";
        try {
            Request request = runtime.http.newRequest(url).method(method)
                    .timeout(runtime.settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            runtime.addHeaders(request);
            shape.accept(request);
            request.send(listener(result, start, api));
        } catch (RuntimeException e) {
            result.complete(new Call(start, System.nanoTime(), null, api + " call could not be sent: "
                    + io.gwsload.client.Failures.describe(e)));
        }
        return result;
    }

    /** Completes {@code result} with the call's reply (the simulator's truth header read when on this clock). */
    private BufferingResponseListener listener(CompletableFuture<Call> result, long start, String api) {
        return new BufferingResponseListener(MAX_BODY) {
            @Override
            public void onComplete(Result r) {
                long end = System.nanoTime();
                if (r.isFailed()) {
                    result.complete(new Call(start, end, null, api + " call failed: "
                            + io.gwsload.client.Failures.describe(r.getFailure())));
                    return;
                }
                GmsReply reply = GmsReply.parse(r.getResponse().getStatus(), getContentAsString());
                if (runtime.settings.sameClock()) {
                    reply = reply.withTruth(r.getResponse().getHeaders().get(io.gwsload.api.EntryTruth.HEADER));
                }
                result.complete(new Call(start, end, reply, reply.failure(runtime.settings.api())));
            }
        };
    }

    /** Lock held. Takes the latest keys of a successful reply. */
    private void keys(GmsReply reply) {
        if (reply.alias() != null) {
            alias = reply.alias();
        }
        if (reply.userId() != null) {
            userId = reply.userId();
        }
        if (reply.secureKey() != null) {
            secureKey = reply.secureKey();
        }
    }

    /** A wait and the entry that ends it: completed once the lock is released. */
    private record Fired(Watch watch, TranscriptEntry entry) {
        void complete() {
            watch.result.complete(entry);
        }
    }

    /**
     * Lock held. Reads a transcript reply: new entries by index (a repeat is skipped), the next position. Returns
     * the waits it ends, for the caller to complete after the lock.
     */
    private List<Fired> read(GmsReply reply, long startNanos, long endNanos) {
        keys(reply);
        long notBefore = previousPollStartNanos == 0 ? startNanos : previousPollStartNanos;
        List<Fired> fired = null;
        for (Map<?, ?> m : reply.messages()) {
            TranscriptEntry e = TranscriptEntry.of(m, endNanos, notBefore, reply.truth());
            // By index, not by order: pushes can overtake each other (CometD delivers a reply's piggy-backed
            // messages and the long poll's on two connections), so a lower index may come after a higher one.
            boolean fillsGap = false;
            if (e.index() > 0) {
                if (seen.get(e.index())) {
                    continue;
                }
                fillsGap = e.index() < highestIndex;
                seen.set(e.index());
                highestIndex = Math.max(highestIndex, e.index());
            }
            if (e.fromAgent() && "ParticipantJoined".equals(e.type())) {
                agentsPresent++;
                lastAgentJoinNanos = e.seenNanos();
                nextEndCheckNanos = 0; // an agent is back: the next time all leave, GetChat is asked at once
                endCheckEvery = 0;
            } else if (e.fromAgent() && "ParticipantLeft".equals(e.type())) {
                agentsPresent = Math.max(0, agentsPresent - 1);
            }
            entries.add(e);
            int at = entries.size() - 1;
            // An entry that fills a gap can decide an earlier one (the last agent's leave is only known once every
            // entry before it is): the waits look at every entry again, else at this one.
            int from = fillsGap ? 0 : at;
            for (Iterator<Watch> it = watches.iterator(); it.hasNext();) {
                Watch w = it.next();
                for (int k = from; k <= at; k++) {
                    TranscriptEntry candidate = entries.get(k);
                    if (!w.predicate.test(candidate) || w.consume && consumed.get(k)) {
                        continue;
                    }
                    if (w.consume) {
                        consumed.set(k);
                    }
                    it.remove();
                    w.timeout.cancel(false);
                    if (fired == null) {
                        fired = new ArrayList<>(1);
                    }
                    fired.add(new Fired(w, candidate));
                    break;
                }
            }
        }
        nextPosition = Math.max(nextPosition, reply.nextPosition() > 0 ? reply.nextPosition() : highestIndex + 1);
        previousPollStartNanos = startNanos;
        return fired == null ? List.of() : fired;
    }

    private void schedulePoll(long delayNanos) {
        synchronized (this) {
            if (endedBecause != null || closed || cometd != null) {
                return;
            }
            nextPoll = runtime.scheduler.schedule(this::poll, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        }
    }

    /** A poll now instead of at its time; a poll in flight is let be (never two at once): its reply will do. */
    private void pollNow() {
        synchronized (this) {
            if (pollInFlight || endedBecause != null || closed) {
                return;
            }
            if (nextPoll != null) {
                nextPoll.cancel(false);
            }
            schedulePoll(0); // in the same lock: no poll ending in between can add a second chain
        }
    }

    private void poll() {
        Map<String, String> position;
        synchronized (this) {
            if (endedBecause != null || closed || pollInFlight) {
                return;
            }
            pollInFlight = true;
            position = Map.of("transcriptPosition", String.valueOf(nextPosition));
        }
        runtime.polls.incrementAndGet();
        long interval;
        synchronized (this) {
            long max = runtime.settings.pollInterval().toNanos();
            interval = intervalNanos == 0 ? max : intervalNanos;
            if (runtime.settings.dynamicPolling()) {
                intervalNanos = Math.min(max, (long) (interval * GmsSettings.DYNAMIC_GROWTH));
            }
        }
        call("refresh", position).whenComplete((call, error) -> {
            synchronized (this) {
                pollInFlight = false;
            }
            String failure = error != null ? describe(error) : call.failure();
            if (failure == null) {
                List<Fired> fired;
                synchronized (this) {
                    pollFailures = 0;
                    fired = read(call.reply(), call.startNanos(), call.endNanos());
                }
                if (!call.reply().chatEnded() && runtime.settings.api() == GmsSettings.Api.GWS && agentJoined()
                        && !agentPresent()) {
                    // GetMessages never says the chat ended: once the last agent left, GetChat tells (asked before
                    // the waits go on, so that a run that ends right after them finds it in flight).
                    checkEnded();
                }
                fired.forEach(Fired::complete);
                if (call.reply().chatEnded()) {
                    end("chatEnded");
                    return;
                }
            } else {
                runtime.pollFailures.incrementAndGet();
                boolean giveUp;
                synchronized (this) {
                    giveUp = ++pollFailures >= POLL_FAILURE_LIMIT
                            || call != null && call.reply() != null && call.reply().statusCode() == 2;
                }
                if (giveUp) {
                    end(pollFailures >= POLL_FAILURE_LIMIT ? POLL_FAILURE_LIMIT + " polls failed in a row, the last: "
                            + failure : failure);
                    return;
                }
            }
            long started = call == null ? System.nanoTime() : call.startNanos();
            long next;
            synchronized (this) {
                next = intervalNanos == 0 ? interval : Math.min(interval, intervalNanos); // quickened meanwhile
            }
            schedulePoll(next - (System.nanoTime() - started));
        });
    }

    /** The chat is over for this customer: polling stops and waits still open fail with the reason. */
    private void end(String reason) {
        List<Watch> failed;
        synchronized (this) {
            if (endedBecause != null) {
                return;
            }
            endedBecause = reason;
            endedNanos = System.nanoTime();
            agentLeftNanos = runtime.agentLeftAt(token); // before the runtime forgets the chat
            if (nextPoll != null) {
                nextPoll.cancel(false);
            }
            failed = new ArrayList<>(watches);
            watches.clear();
        }
        runtime.closed(this);
        org.cometd.client.BayeuxClient client;
        synchronized (this) {
            client = leavingChat && !"the customer left".equals(reason) && !closed ? null : cometd;
        }
        if (client != null && !client.isDisconnected()) {
            client.disconnect();
        }
        for (Watch w : failed) {
            w.timeout.cancel(false);
            w.result.completeExceptionally(new ChatEnded("the chat ended (" + reason + ") before " + w.what));
        }
    }

    @Override
    public String toString() {
        return "CustomerChat[" + chatId() + "]";
    }
}
