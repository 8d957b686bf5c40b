package io.gwsload.customer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.eclipse.jetty.client.HttpClient;

import io.gwsload.api.Notification;

/**
 * What every simulated customer of a run shares: the HTTP client (the agents' own, so one pool of threads serves
 * both sides), one scheduler thread for the polls and timeouts, the chats open now, and the two ways a customer's
 * timing meets the agents' side on the harness's one clock: the tokens in customers' messages, looked for in the
 * agents' notifications (customer → agent), and the agents' messages by chat, looked up when a customer reads them
 * (agent → customer).
 */
public final class CustomerRuntime implements AutoCloseable {
    /** Agents' messages remembered per chat until a customer reads them. */
    private static final int MAX_AGENT_MESSAGES = 64;

    final HttpClient http;
    final GmsSettings settings;
    final ScheduledExecutorService scheduler;
    private final Set<CustomerChat> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, LongConsumer> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ArrayDeque<AgentMessage>> agentMessages = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Leaving> leavings = new ConcurrentHashMap<>();

    /** A customer's leave in flight: {@code seen} when an agent's notification shows it, {@code gone} if none can. */
    private record Leaving(LongConsumer seen, Runnable gone) {
    }
    private final ConcurrentHashMap<String, Long> agentLeavings = new ConcurrentHashMap<>();
    /**
     * Agents of this run in each chat, by name (Accepts posted, less those that failed, less Complete/Leave/Transfer):
     * names, not a count, so that an agent's Leave then Complete, or a repeat, takes it out once.
     */
    private final ConcurrentHashMap<String, java.util.Set<String>> agentsIn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> tokenByInteraction = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> interactionByToken = new ConcurrentHashMap<>();
    private final AtomicLong tokenNumbers = new AtomicLong();
    final AtomicLong polls = new AtomicLong();
    final AtomicLong chatsRequested = new AtomicLong();
    private final AtomicLong stepsStarted = new AtomicLong();
    private final AtomicLong stepsOk = new AtomicLong();
    private final AtomicLong stepsKo = new AtomicLong();

    /** A customer step began (the books: started = OK + KO once every step ended). */
    public void stepStarted() {
        stepsStarted.incrementAndGet();
    }

    /** A customer step ended, OK or not. */
    public void stepEnded(boolean ok) {
        (ok ? stepsOk : stepsKo).incrementAndGet();
    }
    final AtomicLong chatsOpened = new AtomicLong();
    private volatile int openAtEnd = -1;
    final AtomicLong pollFailures = new AtomicLong();

    private record AgentMessage(String text, long nanos) {
    }

    public CustomerRuntime(HttpClient http, GmsSettings settings) {
        this.http = http;
        this.settings = settings;
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gws-customers");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        s.setRejectedExecutionHandler(new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
        this.scheduler = s;
    }

    private org.cometd.client.BayeuxClient.Scheduler cometdScheduler;

    /** One scheduler for every customer's CometD client (CometD mode), made on first use. */
    synchronized java.util.concurrent.ScheduledExecutorService cometdScheduler() {
        if (cometdScheduler == null) {
            cometdScheduler = new org.cometd.client.BayeuxClient.Scheduler(2);
        }
        return cometdScheduler;
    }

    public GmsSettings settings() {
        return settings;
    }

    /**
     * The headers every call of the customer API carries: {@code apikey} on GMS's Chat API where one is set, and
     * {@code gws.gms.headers}.
     */
    void addHeaders(org.eclipse.jetty.client.Request request) {
        String key = settings.api() == GmsSettings.Api.GMS ? settings.apiKey() : null;
        if (key == null && settings.headers().isEmpty()) {
            return;
        }
        request.headers(h -> {
            if (key != null) {
                h.put("apikey", key);
            }
            settings.headers().forEach(h::put);
        });
    }

    /** A refusal of who may call, not of the call (which a probe's unknown chat would get): 401 or 403. */
    private static boolean refusedByGateway(int httpStatus) {
        return httpStatus == 401 || httpStatus == 403;
    }

    /** The probe of GWS's Customer Chat API: GetChat of a chat that does not exist, answered with JSON. */
    private CompletableFuture<String> probeCustomerChatApi() {
        String url = settings.customerChatUrl() + "/00000000-0000-0000-0000-000000000000";
        CompletableFuture<String> result = new CompletableFuture<>();
        try {
            http.newRequest(url).method(org.eclipse.jetty.http.HttpMethod.GET)
                    .timeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> {
                        h.put("ContactCenterId", settings.contactCenterId());
                        settings.headers().forEach(h::put);
                    })
                    .send(new org.eclipse.jetty.client.BufferingResponseListener(1 << 16) {
                        @Override
                        public void onComplete(org.eclipse.jetty.client.Result r) {
                            if (r.isFailed()) {
                                result.complete("Cannot reach GWS's Customer Chat API at " + settings.customerChatUrl()
                                        + ": " + io.gwsload.client.Failures.describe(r.getFailure()) + ".");
                                return;
                            }
                            String body = getContentAsString();
                            int status = r.getResponse().getStatus();
                            if (refusedByGateway(status)) {
                                result.complete("GWS's Customer Chat API at " + settings.customerChatUrl()
                                        + " refused the call (HTTP " + status + "); a gateway in front of it may need "
                                        + "-Dgws.gms.headers.");
                                return;
                            }
                            boolean json = body != null && body.trim().startsWith("{");
                            result.complete(json ? null : "GWS's Customer Chat API at " + settings.customerChatUrl()
                                    + " did not answer with JSON (HTTP " + r.getResponse().getStatus() + "); is it "
                                    + "enabled on this GWS, and is -Dgws.contactCenterId your contact centre's id?");
                        }
                    });
        } catch (RuntimeException e) {
            result.complete("Cannot reach GWS's Customer Chat API at " + settings.customerChatUrl() + ": "
                    + io.gwsload.client.Failures.describe(e) + ".");
        }
        return result;
    }

    /** Request Chat for a new customer of {@code service}; see {@link CustomerChat#request}. */
    public CompletableFuture<CustomerChat.Opened> requestChat(String service, String nickname,
            Map<String, String> userData, String text) {
        return CustomerChat.request(this, service, nickname, userData, text);
    }

    /**
     * Before load: asks GMS for the transcript of a chat that does not exist, which any Chat API answers with
     * JSON (an error about the chat). Completes with null when it did, else with one sentence saying what is wrong.
     */
    public CompletableFuture<String> probe() {
        if (settings.api() == GmsSettings.Api.GWS) {
            return probeCustomerChatApi();
        }
        String url = settings.serviceUrl(settings.service()) + "/0000000000000000/refresh";
        CompletableFuture<String> result = new CompletableFuture<>();
        org.eclipse.jetty.util.Fields form = new org.eclipse.jetty.util.Fields();
        form.put("userId", "0000000000000000");
        form.put("secureKey", "0000000000000000");
        form.put("alias", "0");
        try {
            org.eclipse.jetty.client.Request request = http.newRequest(url)
                    .method(org.eclipse.jetty.http.HttpMethod.POST)
                    .timeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .body(new org.eclipse.jetty.client.FormRequestContent(form));
            addHeaders(request);
            request.send(new org.eclipse.jetty.client.BufferingResponseListener(1 << 16) {
                @Override
                public void onComplete(org.eclipse.jetty.client.Result r) {
                    if (r.isFailed()) {
                        result.complete("Cannot reach GMS at " + settings.chatUrl() + ": "
                                + io.gwsload.client.Failures.describe(r.getFailure()) + ".");
                        return;
                    }
                    String body = getContentAsString();
                    GmsReply reply = GmsReply.parse(r.getResponse().getStatus(), body);
                    if (refusedByGateway(r.getResponse().getStatus())) {
                        result.complete("GMS at " + settings.chatUrl() + " refused the call (" + reply.failure()
                                + "); an API gateway in front of it may need -Dgws.gms.apiKey or -Dgws.gms.headers.");
                        return;
                    }
                    if (reply.invalidService()) {
                        result.complete("The GMS Chat API at " + settings.chatUrl() + " does not know the service '"
                                + settings.service() + "' (" + reply.failure() + "); set -Dgws.gms.service to a chat "
                                + "service configured in GMS.");
                        return;
                    }
                    boolean json = body != null && body.trim().startsWith("{");
                    result.complete(json ? null : "The GMS Chat API at " + settings.chatUrl() + " did not answer "
                            + "for service '" + settings.service() + "' (" + reply.failure() + "); set "
                            + "-Dgws.gms.url to the Chat API's base (.../genesys/2/chat) and -Dgws.gms.service to a "
                            + "chat service.");
                }
            });
        } catch (RuntimeException e) {
            result.complete("Cannot reach GMS at " + settings.chatUrl() + ": "
                    + io.gwsload.client.Failures.describe(e) + ".");
        }
        return result;
    }

    /**
     * A chat token unique in this run and unlikely in another's (the run's start in base 36, then a number), for
     * the chat's user data.
     */
    String newChatToken() {
        return runPrefix + chatTokens.incrementAndGet();
    }

    private final String runPrefix = Long.toString(System.currentTimeMillis(), 36) + "-";
    private final AtomicLong chatTokens = new AtomicLong();

    /** A token unique in this run, to put in a message's text: {@code [gws-N]}. */
    public String newToken() {
        return "[gws-" + tokenNumbers.incrementAndGet() + "]";
    }

    /** Calls {@code seen} with the time an agent's notification first shows {@code token}; false if it is known. */
    public boolean watchToken(String token, LongConsumer seen) {
        return tokens.putIfAbsent(token, seen) == null;
    }

    /**
     * As {@link #watchToken(String, LongConsumer)} ({@code seen} may be null), and the agent's notification that shows
     * the message token names the interaction of the conversation {@code chatToken}: how an SMS conversation, which
     * carries no user data, is paired with the agents' side.
     */
    public void watchToken(String token, LongConsumer seen, String chatToken) {
        if (chatToken != null && live.contains(chatToken)) {
            pairByText.put(token, chatToken);
        }
        if (seen != null) {
            tokens.putIfAbsent(token, seen);
        }
    }

    /** Stops looking for the token (its wait is over); true if nobody had seen it yet. */
    public boolean forgetToken(String token) {
        pairByText.remove(token);
        return tokens.remove(token) != null;
    }

    /** Message tokens whose first sighting pairs an interaction with a conversation's token (SMS). */
    private final ConcurrentHashMap<String, String> pairByText = new ConcurrentHashMap<>();

    /**
     * Calls {@code seen} with the time an agent's notification first shows the customer of the chat with this token
     * leaving (its {@code ParticipantLeft}), or {@code gone} when the last agent of this run in the chat leaves it
     * first (then none is left to see it); false if the chat is watched already or no agent of this run is in it.
     * Whether one is in it is the harness's own count (Accepts less leaves), not what the customer's last poll read:
     * a poll's answer can show an agent who has left since it was made.
     */
    public boolean watchLeaving(String token, LongConsumer seen, Runnable gone) {
        if (!agentsIn.containsKey(token)) {
            return false; // no agent of this run in the chat: nobody here can see it
        }
        Leaving watch = new Leaving(seen, gone);
        if (leavings.putIfAbsent(token, watch) != null) {
            return false;
        }
        // Written, then read again: the last agent leaving, or the chat retired, in between is seen by one side or
        // the other.
        if (!agentsIn.containsKey(token) || !live.contains(token)) {
            leavings.remove(token, watch);
            retireIfDone(token);
            return false;
        }
        return true;
    }

    /**
     * Agent {@code agent} of this run posts its Accept of chat {@code chatId}: from now on it may see the customer
     * leave. True if this put it in the chat (false: not a chat of this run's customers, or it was in already), and
     * only then may its failure take it out ({@link #agentNotJoined}).
     */
    public boolean agentJoining(String chatId, String agent) {
        String token = tokenOf(chatId);
        boolean[] added = new boolean[1];
        if (token != null && live.contains(token)) {
            agentsIn.compute(token, (k, in) -> {
                java.util.Set<String> names = in == null ? new java.util.HashSet<>(2) : in;
                added[0] = names.add(agent);
                return names;
            });
            if (!live.contains(token)) {
                agentsIn.remove(token); // retired meanwhile: nothing must stay behind
            }
        }
        return added[0];
    }

    /** The Accept of agent {@code agent} of this run failed: it is not in the chat. */
    public void agentNotJoined(String chatId, String agent) {
        String token = tokenOf(chatId);
        if (token != null && leaves(token, agent)) {
            noAgentLeft(token);
        }
    }

    /** Agent {@code agent} is no longer in the chat; true if it was the last of this run there. */
    private boolean leaves(String token, String agent) {
        boolean[] last = new boolean[1];
        agentsIn.computeIfPresent(token, (k, in) -> {
            if (!in.remove(agent)) {
                return in; // left already (a Leave, then its Complete): the others are still there
            }
            last[0] = in.isEmpty();
            return in.isEmpty() ? null : in;
        });
        return last[0];
    }

    /** The last agent of this run left the chat: a customer's leave being watched can no longer be seen. */
    private void noAgentLeft(String token) {
        Leaving watch = leavings.remove(token);
        if (watch != null) {
            retireIfDone(token);
            watch.gone().run();
        }
    }

    /** Stops watching the chat for its customer leaving. */
    public void forgetLeaving(String token) {
        if (leavings.remove(token) != null) {
            retireIfDone(token);
        }
    }

    /**
     * The tokens of chats a customer of this run requested and that are not over yet for it (or whose leave an agent
     * may still show): only these are learnt from the agents' notifications, so every map keyed by a token stays as
     * large as the chats in progress.
     */
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    /** A chat with this token is being requested. */
    void requesting(String token) {
        if (token != null) {
            live.add(token);
        }
    }

    /** The chat is over for its customer and nothing waits on the agents' side for it: everything about it goes. */
    private void retireIfDone(String token) {
        if (token == null || agentMessages.containsKey(token) || leavings.containsKey(token)) {
            return;
        }
        live.remove(token);
        agentLeavings.remove(token);
        agentsIn.remove(token);
        String id = interactionByToken.remove(token);
        if (id != null) {
            tokenByInteraction.remove(id, token);
        }
    }

    /** A request that did not open its chat: its token is forgotten. */
    void requestFailed(String token) {
        retireIfDone(token);
    }

    /**
     * The token of the customer's chat an agent knows as {@code interactionId}, learnt from the user data the agent's
     * notifications show (the customer's and the agent's ids of one chat need not be the same: GWS's Customer Chat
     * API names it by a UUID); null for a chat of no customer of this run.
     */
    private String tokenOf(String interactionId) {
        return interactionId == null ? null : tokenByInteraction.get(interactionId);
    }

    /** Learns which customer's chat an agent's notification is about, from the token in its user data. */
    private void learnToken(Notification n) {
        Map<String, Object> object = n.interactionObject();
        if (object != null && object.get("userData") instanceof Map<?, ?> userData
                && userData.get(CustomerChat.TOKEN_KEY) instanceof String token && live.contains(token)) {
            pair(n.interactionId(), token);
        }
    }

    /** The agents know the customer's chat with this token as {@code id}. */
    private void pair(String id, String token) {
        if (id != null && tokenByInteraction.putIfAbsent(id, token) == null) {
            String before = interactionByToken.put(token, id);
            if (before != null && !before.equals(id)) {
                tokenByInteraction.remove(before, token); // a new session of the same customer (SMS): the old one goes
            }
            if (!live.contains(token)) { // retired meanwhile: undo, so that nothing stays behind
                interactionByToken.remove(token, id);
                tokenByInteraction.remove(id, token);
                return;
            }
            adoptUnpaired(id, token);
        }
    }

    /**
     * Every agent notification, on the thread that received it: the tokens of customers' messages are looked for,
     * and the customers leaving that are watched.
     */
    public void onAgentNotification(Notification n, long nanos) {
        if (!n.isMessageLog()) {
            learnToken(n); // an offer (or any state change) can come before the customer's chat is open here
        }
        if (tokens.isEmpty() && leavings.isEmpty() && pairByText.isEmpty() || !n.isMessageLog()
                || !(n.data().get("messages") instanceof List<?> entries)) {
            return;
        }
        if (!leavings.isEmpty()) {
            for (Object o : entries) {
                if (o instanceof Map<?, ?> entry && "ParticipantLeft".equals(entry.get("type"))
                        && entry.get("from") instanceof Map<?, ?> from && ("Customer".equals(from.get("type"))
                                || "Client".equals(from.get("type")))) {
                    String token = tokenOf(n.interactionId());
                    Leaving watch = token == null ? null : leavings.remove(token);
                    if (watch != null) {
                        retireIfDone(token);
                        watch.seen().accept(nanos);
                    }
                }
            }
        }
        if (tokens.isEmpty() && pairByText.isEmpty()) {
            return;
        }
        for (Object o : entries) {
            if (o instanceof Map<?, ?> entry && entry.get("text") instanceof String text) {
                int at = text.indexOf("[gws-");
                int end = at < 0 ? -1 : text.indexOf(']', at);
                if (end > 0) {
                    String token = text.substring(at, end + 1);
                    String conversation = pairByText.isEmpty() ? null : pairByText.remove(token);
                    if (conversation != null) {
                        pair(n.interactionId(), conversation);
                    }
                    LongConsumer seen = tokens.remove(token);
                    if (seen != null) {
                        seen.accept(nanos);
                    }
                }
            }
        }
    }

    /**
     * An agent leaves chat {@code chatId} now (Complete, Leave or Transfer): a customer who waits for the end is timed
     * from the last such. {@code agent}: the agent's name where its Accept was counted by {@link #agentJoining}; null
     * for a supervisor.
     */
    public void agentLeft(String chatId, long nanos, String agent) {
        String token = tokenOf(chatId); // only the chats of customers of this run, in progress
        if (token != null && live.contains(token)) {
            if (agentMessages.containsKey(token)) {
                agentLeavings.put(token, nanos); // for a customer who waits for the end (kept while the chat is open)
                if (!agentMessages.containsKey(token)) {
                    agentLeavings.remove(token, nanos); // closed meanwhile: nothing must stay behind
                }
            }
            if (agent != null && leaves(token, agent)) {
                noAgentLeft(token);
            }
        }
    }

    /** When an agent of this run last left the chat with this token, or NONE. */
    long agentLeftAt(String token) {
        Long at = token == null ? null : agentLeavings.get(token);
        return at == null ? CustomerChat.NONE : at;
    }

    /** An agent sends {@code text} into chat {@code chatId} now: a customer who reads it is timed from here. */
    public void agentSent(String chatId, String text, long nanos) {
        if (text == null) {
            return;
        }
        String token = tokenOf(chatId);
        if (token == null) {
            if (!pairByText.isEmpty() && chatId != null) {
                // An SMS session is paired by the agent's notification that shows the customer's text, which can come
                // after the agent's first SendMessage (an Accept completes on its state change): kept until then.
                synchronized (unpaired) {
                    ArrayDeque<AgentMessage> q = unpaired.computeIfAbsent(chatId, id -> new ArrayDeque<>(2));
                    if (q.size() >= MAX_AGENT_MESSAGES) {
                        q.pollFirst();
                    }
                    q.addLast(new AgentMessage(text, nanos));
                }
                String now = tokenOf(chatId); // paired meanwhile: the pairing may have missed it
                if (now != null) {
                    adoptUnpaired(chatId, now);
                }
            }
            return;
        }
        remember(token, new AgentMessage(text, nanos));
    }

    private void remember(String token, AgentMessage m) {
        ArrayDeque<AgentMessage> q = agentMessages.get(token); // only the chats of customers of this run, open now
        if (q == null) {
            return;
        }
        synchronized (q) {
            if (q.size() >= MAX_AGENT_MESSAGES) {
                q.pollFirst();
            }
            q.addLast(m);
        }
    }

    /** Agents' messages in interactions not paired yet, by interaction id; the oldest interactions go first. */
    private final java.util.LinkedHashMap<String, ArrayDeque<AgentMessage>> unpaired = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<AgentMessage>> eldest) {
            return size() > MAX_UNPAIRED;
        }
    };
    private static final int MAX_UNPAIRED = 4096;

    /** The agents' messages sent in interaction {@code id} before it was paired now belong to {@code token}. */
    private void adoptUnpaired(String id, String token) {
        ArrayDeque<AgentMessage> early;
        synchronized (unpaired) {
            if (unpaired.isEmpty()) {
                return;
            }
            early = unpaired.remove(id);
        }
        if (early != null) {
            for (AgentMessage m : early) {
                remember(token, m);
            }
        }
    }

    /** When an agent sent this text into the chat (the oldest such not yet read), or NONE if no agent of this run did. */
    long takeAgentSend(String token, String text) {
        ArrayDeque<AgentMessage> q = token == null ? null : agentMessages.get(token);
        if (q == null) {
            return CustomerChat.NONE;
        }
        synchronized (q) {
            for (java.util.Iterator<AgentMessage> it = q.iterator(); it.hasNext();) {
                AgentMessage m = it.next();
                if (m.text.equals(text)) {
                    it.remove();
                    return m.nanos;
                }
            }
        }
        return CustomerChat.NONE;
    }

    /** CometD mode: chats whose requestChat is not answered yet (the end of a run ends them too). */
    private final Set<CustomerChat> opening = ConcurrentHashMap.newKeySet();

    void opening(CustomerChat chat) {
        opening.add(chat);
    }

    void notOpening(CustomerChat chat) {
        opening.remove(chat);
    }

    void opened(CustomerChat chat) {
        open.add(chat);
        conversationOpened(chat.token());
    }

    void closed(CustomerChat chat) {
        open.remove(chat);
        conversationClosed(chat.token());
    }

    /** A conversation with this token (a chat, an SMS conversation) is open: agents' messages in it are remembered. */
    void conversationOpened(String token) {
        live.add(token);
        agentMessages.put(token, new ArrayDeque<>(4));
    }

    /** The conversation is over for its customer. */
    void conversationClosed(String token) {
        if (token != null) {
            agentMessages.remove(token);
            agentLeavings.remove(token);
            if (!pairByText.isEmpty()) {
                pairByText.values().removeIf(token::equals); // its messages no agent showed: nothing to pair any more
            }
            retireIfDone(token); // or once the agent's side shows the customer leaving (or that wait ends)
        }
    }

    /**
     * The customers' own figures for the run's summary: chats requested and opened, chats still open when the run
     * ended, polls and failed polls (the load the customers put on GMS besides their steps), the poll interval.
     */
    public Map<String, Object> books() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        long ok = stepsOk.get();
        long ko = stepsKo.get();
        m.put("steps", stepsStarted.get());
        m.put("stepsOk", ok);
        m.put("stepsKo", ko);
        m.put("stepsPending", stepsStarted.get() - ok - ko);
        m.put("chatsRequested", chatsRequested.get());
        m.put("chatsOpened", chatsOpened.get());
        m.put("chatsOpenAtEnd", openAtEnd < 0 ? open.size() : openAtEnd);
        m.put("polls", polls.get());
        m.put("pollFailures", pollFailures.get());
        m.put("pollIntervalMs", settings.pollInterval().toMillis());
        attached.forEach((name, books) -> m.put(name, books.get()));
        return m;
    }

    private final Map<String, java.util.function.Supplier<Map<String, Object>>> attached =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    /** Another part's figures (the SMS customers'), written in the books under {@code name}. */
    public void attachBooks(String name, java.util.function.Supplier<Map<String, Object>> books) {
        attached.put(name, books);
    }

    /** Conversations (chats, SMS) this runtime keeps anything about now: its maps are as large as this. */
    public int conversationsTracked() {
        return live.size();
    }

    /** Chats open now. */
    public int openChats() {
        return open.size();
    }

    /** Transcript polls made, and of those the ones that failed. */
    public long polls() {
        return polls.get();
    }

    public long pollFailures() {
        return pollFailures.get();
    }

    /**
     * The run is over: customers still in a chat disconnect (a lab keeps no chat open), at most {@code limit}
     * waited for; polling stops.
     */
    public void close(java.time.Duration limit) {
        // A chat whose end GetChat is confirming (GWS's Customer Chat API) is not open: its answer is waited for.
        try {
            CompletableFuture.allOf(open.stream().map(CustomerChat::endCheck).toArray(CompletableFuture[]::new))
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // what did not answer in time counts as open
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        openAtEnd = open.size();
        List<CompletableFuture<?>> leaving = new ArrayList<>();
        for (CustomerChat chat : new ArrayList<>(open)) {
            leaving.add(chat.disconnectQuietly());
        }
        try {
            CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new)).get(limit.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // what did not answer in time is left to GMS's own timeout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        for (CustomerChat chat : new ArrayList<>(opening)) {
            chat.close();
        }
        for (CustomerChat chat : new ArrayList<>(open)) {
            chat.close(); // did not answer its disconnect in time: what still waits fails now
        }
        synchronized (this) {
            if (cometdScheduler != null) {
                cometdScheduler.shutdownNow();
            }
        }
    }

    @Override
    public void close() {
        close(java.time.Duration.ofSeconds(5));
    }
}
