package io.gwsload.simulator;

import io.gwsload.simulator.users.SimUser;

import io.gwsload.simulator.cometd.CometdGateway;

import io.gwsload.simulator.http.BasicAuth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Json;
import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;

/**
 * One simulated agent for tests, blocking and simple: HTTP login (JSESSIONID, CSRF token), a real
 * CometD client subscribed to {@code /v2/me/*}, and the notifications it received, which
 * {@link #await} consumes in arrival order. Every wait has a timeout; nothing sleeps.
 */
final class TestAgent implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Orders notifications and HTTP answers of all test agents, as the test saw them. */
    static final AtomicLong EVENTS = new AtomicLong();

    final GwsSimulator sim;
    final Clients clients;
    final SimUser user;
    final String authorization;
    String sessionId;
    String csrfToken;
    private BayeuxClient cometd;
    /** The {@link #EVENTS} number taken when the last HTTP answer arrived. */
    volatile long lastAnswerEvent;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicInteger failedHandshakes = new AtomicInteger();
    private volatile CompletableFuture<Message> nextHandshake = new CompletableFuture<>();
    private volatile CompletableFuture<Void> subscribed = new CompletableFuture<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final List<Received> pending = new ArrayList<>();
    private final List<Received> history = new ArrayList<>();
    private final List<HttpAnswer> answers = new CopyOnWriteArrayList<>();

    /** A notification and when (in {@link #EVENTS} order) it arrived. */
    record Received(Notification notification, long event) {
    }

    TestAgent(GwsSimulator sim, Clients clients, String username) {
        this.sim = sim;
        this.clients = clients;
        this.user = sim.user(username);
        assertNotNull(user, "no user " + username);
        this.authorization = BasicAuth.header(user.username(), user.password());
    }

    /** Logged in, CometD connected over long-polling, subscribed. */
    static TestAgent connected(GwsSimulator sim, Clients clients, String username) {
        return new TestAgent(sim, clients, username).login().connect(false);
    }

    /** Connected, {@code StartContactCenterSession} on both media, and Ready on them. */
    static TestAgent ready(GwsSimulator sim, Clients clients, String username, Media... media) {
        TestAgent a = connected(sim, clients, username);
        a.startSession();
        for (Media m : media) {
            a.ready(m);
        }
        return a;
    }

    // ---- HTTP

    TestAgent login() {
        HttpAnswer me = get(ApiPaths.ME);
        assertEquals(200, me.status(), () -> "login of " + user.username() + ": " + me);
        csrfToken = me.header("X-CSRF-TOKEN");
        assertNotNull(csrfToken, "no X-CSRF-TOKEN header");
        return this;
    }

    HttpAnswer get(String path) {
        return send(clients.http.newRequest(sim.baseUrl() + path).method(HttpMethod.GET), true);
    }

    /** POST with Basic, the session cookie and the CSRF token. */
    HttpAnswer post(String path, Object body) {
        return post(path, Json.write(body), true, true);
    }

    HttpAnswer post(String path, String body, boolean withCookie, boolean withCsrf) {
        Request r = clients.http.newRequest(sim.baseUrl() + path).method(HttpMethod.POST)
                .body(new StringRequestContent("application/json", body));
        if (withCsrf && csrfToken != null) {
            r.headers(h -> h.put("X-CSRF-TOKEN", csrfToken));
        }
        return send(r, withCookie);
    }

    private HttpAnswer send(Request r, boolean withCookie) {
        r.headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization));
        if (withCookie && sessionId != null) {
            r.headers(h -> h.put(HttpHeader.COOKIE, CometdGateway.SESSION_COOKIE + "=" + sessionId));
        }
        r.timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ContentResponse response = r.send();
            lastAnswerEvent = EVENTS.incrementAndGet();
            for (String setCookie : response.getHeaders().getValuesList(HttpHeader.SET_COOKIE)) {
                if (setCookie.startsWith(CometdGateway.SESSION_COOKIE + "=")) {
                    sessionId = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
                }
            }
            HttpAnswer answer = HttpAnswer.of(response);
            answers.add(answer);
            return answer;
        } catch (Exception e) {
            throw new AssertionError("HTTP " + r.getMethod() + " " + r.getURI() + " failed: " + e, e);
        }
    }

    /**
     * Posts an operation and expects statusCode 0; returns its referenceId, or
     * {@link Notification#NO_REFERENCE} when the answer has none (knob {@code referenceIds}).
     */
    long operate(String path, Operation op) {
        HttpAnswer a = post(path, op.body());
        assertEquals(200, a.status(), () -> op.name() + " on " + path + ": " + a);
        assertEquals(0, a.statusCode(), () -> op.name() + " on " + path + ": " + a);
        return a.hasReferenceId() ? a.referenceId() : Notification.NO_REFERENCE;
    }

    long operate(Media media, String id, Operation op) {
        return operate(ApiPaths.interaction(media, id), op);
    }

    long operate(Media media, String id, OperationName op) {
        return operate(media, id, Operation.of(op));
    }

    /** StartContactCenterSession on chat and smssession, and its channel notification. */
    void startSession() {
        long ref = operate(ApiPaths.ME, Operation.of(OperationName.StartContactCenterSession)
                .with("channels", List.of("chat", "smssession")));
        if (ref != Notification.NO_REFERENCE) {
            awaitRef(ref, null);
        } else {
            await("the channels logged in", n -> n.isChannelState() && !n.isError());
        }
    }

    void ready(Media media) {
        long ref = operate(ApiPaths.channel(media), Operation.of(OperationName.Ready));
        if (ref != Notification.NO_REFERENCE) {
            awaitRef(ref, null);
        } else {
            awaitChannelState(media, "Ready");
        }
    }

    // ---- CometD

    /** Handshakes (long-polling, or WebSocket) with the session cookie and subscribes to /v2/me/*. */
    TestAgent connect(boolean webSocket) {
        ClientTransport transport;
        if (webSocket) {
            transport = new WebSocketTransport(new HashMap<>(), clients.scheduler, clients.webSockets()) {
                @Override
                protected void onHandshakeRequest(Map<String, List<String>> headers) {
                    super.onHandshakeRequest(headers);
                    headers.put(HttpHeader.AUTHORIZATION.asString(), List.of(authorization));
                }
            };
        } else {
            transport = new JettyHttpClientTransport(new HashMap<>(), clients.http) {
                @Override
                protected void customize(Request request) {
                    request.headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization));
                }
            };
        }
        cometd = new BayeuxClient(sim.cometdUrl(), clients.scheduler, transport);
        if (sessionId != null) {
            cometd.putCookie(HttpCookie.from(CometdGateway.SESSION_COOKIE, sessionId));
        }
        ClientSessionChannel.MessageListener listener = (channel, message) -> received(message);
        cometd.getChannel(Channel.META_HANDSHAKE).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
            if (m.isSuccessful()) {
                handshakes.incrementAndGet();
                cometd.getChannel(MessageTypes.ME_WILDCARD).subscribe(listener, reply -> {
                    if (reply.isSuccessful()) {
                        subscribed.complete(null);
                    } else {
                        subscribed.completeExceptionally(new AssertionError("subscribe refused: " + reply));
                    }
                });
            } else {
                failedHandshakes.incrementAndGet();
            }
            nextHandshake.complete(m);
        });
        cometd.handshake();
        Message reply = join(nextHandshake, "handshake");
        if (reply.isSuccessful()) {
            join(subscribed, "subscription to /v2/me/*");
        }
        return this;
    }

    /** The reply to the first handshake attempt (after {@link #connect}). */
    Message lastHandshakeReply() {
        return nextHandshake.getNow(null);
    }

    /** Expects a new successful handshake + subscription (after a forced disconnect). */
    void awaitRehandshake() {
        join(subscribed, "re-subscription after a re-handshake");
    }

    /** Arms {@link #awaitRehandshake()} for the next handshake. */
    void expectRehandshake() {
        nextHandshake = new CompletableFuture<>();
        subscribed = new CompletableFuture<>();
    }

    /** The server's reply to a subscription to {@code channel}. */
    Message subscribeReply(String channel) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        cometd.getChannel(channel).subscribe((c, m) -> { }, reply::complete);
        return join(reply, "subscription to " + channel);
    }

    /** The server's reply to a publish on {@code channel}. */
    Message publishReply(String channel) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        cometd.getChannel(channel).publish(Map.of("text", "hi"), reply::complete);
        return join(reply, "publish to " + channel);
    }

    int handshakes() {
        return handshakes.get();
    }

    String cometdClientId() {
        return cometd.getId();
    }

    private void received(Message message) {
        Notification n = Notification.of(message.getChannel(), message.getDataAsMap());
        lock.lock();
        try {
            Received r = new Received(n, EVENTS.incrementAndGet());
            pending.add(r);
            history.add(r);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for (and consumes) the first not yet consumed notification that matches. */
    Notification await(String what, Predicate<Notification> match) {
        return awaitReceived(what, match, TIMEOUT).notification();
    }

    Received awaitReceived(String what, Predicate<Notification> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            for (;;) {
                for (int i = 0; i < pending.size(); i++) {
                    if (match.test(pending.get(i).notification())) {
                        return pending.remove(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(user.username() + " got no notification " + what + " within "
                            + timeout.toSeconds() + " s; unconsumed: " + pending.stream()
                                    .map(r -> r.notification().toString()).toList());
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** The next notification with this referenceId (and notificationType, unless null). */
    Notification awaitRef(long referenceId, String notificationType) {
        assertTrue(referenceId != Notification.NO_REFERENCE, "waiting by referenceId, but the answer had none");
        return await("referenceId=" + referenceId + (notificationType == null ? "" : " " + notificationType),
                n -> n.referenceId() == referenceId
                        && (notificationType == null || notificationType.equals(n.notificationType())));
    }

    /**
     * The next notification about this interaction with this notificationType ({@code NewMessages}
     * for a MessageLogUpdated), whatever its referenceId.
     */
    Notification awaitOn(String interactionId, String notificationType) {
        return await(notificationType + " of " + interactionId, n -> interactionId.equals(n.interactionId())
                && notificationType.equals(n.notificationType()));
    }

    /** The next ChannelStateChangeMessageV2 (not an Error) showing this media's channel in {@code state}. */
    Notification awaitChannelState(Media media, String state) {
        return await(media.channelName() + " " + state, n -> n.isChannelState() && !n.isError()
                && n.data().get("channels") instanceof List<?> channels && channels.stream().anyMatch(c ->
                        c instanceof Map<?, ?> ch && media.channelName().equals(ch.get("channel"))
                        && ch.get("userState") instanceof Map<?, ?> us && state.equals(us.get("state"))));
    }

    /** The next offer (StatusChange Invited with Accept) on a media; returns the notification. */
    Notification awaitOffer(Media media) {
        Notification n = await("offer of a " + media.shortName(), x -> x.media().orElse(null) == media
                && MessageTypes.STATUS_CHANGE.equals(x.notificationType()) && "Invited".equals(x.state()));
        assertTrue(n.interaction().capabilities().contains("Accept"), () -> "offer without Accept: " + n.toJson());
        return n;
    }

    /** Every HTTP answer this agent received so far. */
    List<HttpAnswer> answers() {
        return List.copyOf(answers);
    }

    /** Every notification received so far (consumed or not). */
    List<Notification> history() {
        lock.lock();
        try {
            return history.stream().map(Received::notification).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Every notification received so far with its arrival event. */
    List<Received> receivedHistory() {
        lock.lock();
        try {
            return List.copyOf(history);
        } finally {
            lock.unlock();
        }
    }

    private static <T> T join(CompletableFuture<T> f, String what) {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError(what + " did not complete within " + TIMEOUT.toSeconds() + " s: " + e, e);
        }
    }

    void disconnectCometd() {
        if (cometd != null) {
            cometd.disconnect();
            cometd.waitFor(TIMEOUT.toMillis(), BayeuxClient.State.DISCONNECTED);
        }
    }

    /** Logs out (EndContactCenterSession, whatever it answers) and disconnects CometD. */
    @Override
    public void close() {
        if (sessionId != null && csrfToken != null) {
            post(ApiPaths.ME, "{\"operationName\":\"EndContactCenterSession\"}", true, true);
        }
        if (cometd != null) {
            cometd.disconnect();
            cometd.waitFor(TIMEOUT.toMillis(), BayeuxClient.State.DISCONNECTED);
            cometd = null;
        }
    }
}
