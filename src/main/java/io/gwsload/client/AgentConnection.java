package io.gwsload.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.AuditStamp;
import io.gwsload.api.Json;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationResponse;
import io.gwsload.api.StatusCode;
import io.gwsload.api.UserResource;

/**
 * One agent's connection to GWS: its HTTP session ({@code JSESSIONID} and any other cookie, the CSRF
 * token) and its CometD session. It knows nothing of correlation: it hands notifications and session
 * events to the {@link AgentEvents} it was given, and each POST's progress to its {@link PostObserver}.
 * Nothing here blocks: every call returns a future or reports to a listener.
 *
 * <p>Login follows docs/gws-api.md §2: {@link #login()} ({@code GET /api/v2/me} with Basic auth, keeping
 * the cookie and the CSRF header), {@link #connect()} (CometD handshake with the same cookie and
 * headers, then subscriptions), then operations such as {@code StartContactCenterSession} through
 * {@link #execute}. Subscriptions are made in the handshake listener, so they are renewed when CometD
 * re-handshakes; a re-handshake onto a new session id also tells the events listener that the old session,
 * and the notifications published to it, are lost.
 */
public final class AgentConnection {
    private static final int MAX_BODY = 1 << 20;
    private static final String SESSION_COOKIE = "JSESSIONID";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AgentConnection.class);
    /** Tries at a new CometD session after a login again, half a second, then one second apart. */
    private static final int RENEW_ATTEMPTS = 3;
    /** The login again in progress after a session expired (null or done when none): POSTs wait for it. */
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<Void>> relogin =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Counts logins again: a refusal of a POST sent before the latest one starts no other. */
    private volatile int sessionGeneration;
    /** A login again that failed (the agent has no usable session): which one, and why. */
    private record Failed(int generation, String reason) {
    }

    /** The last login again, if it failed (or the CometD session was refused anew), else null: the next POST tries again. */
    private volatile Failed reloginFailure;
    /** Set by abort(): a login again in flight drops what it made at once. */
    private volatile boolean aborted;
    /** Set by disconnect() and abort(): no new CometD session is made after that (a login again in flight). */
    private volatile boolean leaving;

    private final ClientRuntime runtime;
    private final Credentials credentials;
    private final String authorization;
    private final AgentEvents events;

    // Cookies set by GWS on REST answers, sent on CometD requests too.
    private final CookieJar cookies = new CookieJar();
    private volatile String csrfHeader;
    private volatile String csrfToken;
    private volatile UserResource user;
    private volatile BayeuxClient bayeux;
    private volatile String cometdSessionId;
    private volatile int handshakes;
    /** Which of the runtime's CometD connection pools this agent's long-polls use. */
    private final Object destinationTag;

    AgentConnection(ClientRuntime runtime, Credentials credentials, AgentEvents events) {
        this.runtime = runtime;
        this.credentials = credentials;
        this.authorization = credentials.basicAuthorization();
        this.events = events;
        this.destinationTag = runtime.nextCometdPool();
    }

    public Credentials credentials() {
        return credentials;
    }

    public String username() {
        return credentials.username();
    }

    /** The user resource read at login, or null before. */
    public UserResource user() {
        return user;
    }

    /** The current CometD session id, or null when not connected. */
    public String cometdSessionId() {
        return cometdSessionId;
    }

    /** Successful CometD handshakes so far (more than one means the session was re-established). */
    public int handshakes() {
        return handshakes;
    }

    public boolean isConnected() {
        BayeuxClient client = bayeux;
        return client != null && client.isConnected();
    }

    /** Whether the server gave a CSRF token that POSTs carry. */
    public boolean hasCsrfToken() {
        return csrfToken != null;
    }

    /**
     * {@code GET /api/v2/me}: authenticates, keeps the session cookie and CSRF token, reads the user.
     * Fails with a {@link GwsClientException} whose message says what is wrong (unreachable, wrong
     * credentials, not GWS).
     */
    public CompletableFuture<UserResource> login() {
        return get(ApiPaths.ME).thenApply(answer -> {
            if (answer.status() == 401 || answer.status() == 403) {
                throw new GwsClientException("GWS refused the credentials of " + username() + " (HTTP "
                        + answer.status() + statusOf(answer) + ").");
            }
            if (answer.status() != 200) {
                throw new GwsClientException("GET " + ApiPaths.ME + " for " + username() + " answered HTTP "
                        + answer.status() + statusOf(answer) + ".");
            }
            Map<String, Object> body;
            try {
                body = answer.json();
            } catch (IllegalArgumentException e) {
                throw new GwsClientException("GET " + ApiPaths.ME + " at " + runtime.settings().baseUrl()
                        + " did not answer GWS JSON (" + answer.snippet(80) + "); is this a GWS URL?");
            }
            OperationResponse status = Json.convert(body, OperationResponse.class);
            if (!status.isSuccess()) {
                throw new GwsClientException("GET " + ApiPaths.ME + " for " + username() + " answered statusCode "
                        + status.code() + " (" + StatusCode.describe(status.code()) + ")"
                        + (status.statusMessage() != null ? ": " + status.statusMessage() : "") + ".");
            }
            UserResource u = body.get("user") == null ? null : Json.convert(body.get("user"), UserResource.class);
            if (u == null || u.id() == null) {
                throw new GwsClientException("GET " + ApiPaths.ME + " for " + username()
                        + " answered no user id; is this a GWS URL?");
            }
            user = u;
            return u;
        });
    }

    /** An authenticated GET with this agent's cookies; the CSRF headers it returns are kept. */
    public CompletableFuture<HttpAnswer> get(String pathAndQuery) {
        CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        String url = runtime.settings().baseUrl() + pathAndQuery;
        try {
            Request request = runtime.http().newRequest(url).method(HttpMethod.GET)
                    .timeout(runtime.settings().requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> sessionHeaders(h, false));
            request.send(new SessionKeepingListener() {
                @Override
                public void onComplete(Result r) {
                    if (r.isFailed()) {
                        result.completeExceptionally(new GwsClientException("GET " + pathAndQuery + " for "
                                + username() + " failed: " + Failures.describe(r.getFailure()), r.getFailure()));
                    } else {
                        result.complete(new HttpAnswer(r.getResponse().getStatus(), getContentAsString()));
                    }
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(new GwsClientException("GET " + url + " could not be sent: "
                    + Failures.describe(e), e));
        }
        return result;
    }

    /**
     * CometD handshake at {@code /api/v2/notifications} with this agent's cookies and headers, then the
     * configured subscriptions. Completes when the subscriptions are confirmed; fails (and stops the
     * client's retries) if the first handshake or a subscription is refused.
     */
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        ClientSettings settings = runtime.settings();
        BayeuxClient client = new BayeuxClient(settings.cometdUrl(), runtime.scheduler(), newTransport());
        CometdClientLoggers.detach(client);
        ClientSessionChannel.MessageListener deliver = new NotificationListener();
        client.getChannel(Channel.META_HANDSHAKE).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
            if (client != bayeux) {
                client.abort(); // a client replaced by a login again (or by a retry) must not come back to life
                return;
            }
            if (m.isSuccessful()) {
                onHandshake(client, deliver, ready);
            } else if (!ready.isDone()) {
                ready.completeExceptionally(new GwsClientException("CometD handshake for " + username() + " at "
                        + settings.cometdUrl() + " was refused: " + failureOf(m) + "."));
                client.disconnect();
            } else if (!leaving && !m.isSuccessful() && isRefusal(m)) {
                // A re-handshake refused (not one that merely failed to connect, which CometD retries): the agent
                // has no CometD session any more. Its waiting operations end as "session lost"; its next POST
                // logs it in again.
                String why = "the agent's CometD session could not be made again: " + failureOf(m);
                reloginFailure = new Failed(sessionGeneration, why);
                client.abort(); // no retries with a refused session: the next POST logs in anew
                events.onSessionLost(why);
            }
        });
        bayeux = client;
        ClientRuntime.Handshake handshake = new ClientRuntime.Handshake() {
            @Override
            public void run() {
                if (leaving) {
                    ready.completeExceptionally(new GwsClientException("CometD handshake for " + username()
                            + " not started: the agent logged out"));
                    return;
                }
                try {
                    client.handshake(new LinkedHashMap<>(), null);
                } catch (RuntimeException e) {
                    ready.completeExceptionally(new GwsClientException("CometD handshake for " + username()
                            + " could not start: " + Failures.describe(e), e));
                }
            }

            @Override
            public void abandon() {
                ready.completeExceptionally(new GwsClientException("CometD handshake for " + username()
                        + " not started: the client is stopping"));
            }
        };
        try {
            runtime.startHandshake(handshake);
        } catch (java.util.concurrent.RejectedExecutionException e) { // the run is ending
            ready.completeExceptionally(new GwsClientException("CometD handshake for " + username() + " not started: "
                    + "the client is stopping", e));
        }
        return ready;
    }

    /**
     * POSTs an operation; {@code observer} hears when it is written and how it was answered. Whoever
     * correlates the operation registers it before calling this, so that no notification can precede it.
     */
    public void post(String path, Operation operation, Duration timeout, PostObserver observer) {
        Failed failed = reloginFailure;
        if (failed != null && !leaving && failed.generation() == sessionGeneration) {
            relogin(); // the last login again failed, and none came since: this step tries once more, and waits
        }
        CompletableFuture<Void> loggingIn = relogin.get();
        if (loggingIn != null && !loggingIn.isDone()) {
            // Sent with the old session it would be refused too: it goes once the new session is there, and
            // is timed from then (from when it is written, as every POST). If it ended meanwhile (its timeout
            // counts from when the step began), it is not sent at all.
            loggingIn.whenComplete((ok, error) -> sendAfterLogin(path, operation, timeout, observer));
            return;
        }
        send(path, operation, timeout, observer);
    }

    private void sendAfterLogin(String path, Operation operation, Duration timeout, PostObserver observer) {
        Failed failure = reloginFailure;
        if (failure != null && !leaving) {
            if (!observer.refused()) {
                observer.failed(failure.reason(), System.nanoTime());
            }
            return;
        }
        send(path, operation, timeout, observer);
    }

    private void send(String path, Operation operation, Duration timeout, PostObserver observer) {
        if (observer.refused()) {
            return;
        }
        int generation = sessionGeneration;
        try {
            String body = operation.toJson();
            long timeoutMillis = Math.min(timeout.toMillis(), runtime.settings().requestTimeout().toMillis());
            Request request = runtime.http().newRequest(runtime.settings().baseUrl() + path)
                    .method(HttpMethod.POST)
                    .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .headers(h -> sessionHeaders(h, true))
                    .body(new StringRequestContent("application/json", body))
                    .onRequestBegin(r -> observer.posted(System.nanoTime()));
            // Logging in again for a logout would bring back the session the agent is leaving.
            request.send(new AnswerListener(observer,
                    operation.name() != io.gwsload.api.OperationName.EndContactCenterSession, generation));
        } catch (RuntimeException e) {
            observer.failed("the POST could not be sent: " + Failures.describe(e), System.nanoTime());
        }
    }

    /**
     * {@code EndContactCenterSession} outside the books, for the end of a run cut short (Ctrl-C): the agent
     * is logged out of GWS; the future completes when the answer came or the request failed.
     */
    public CompletableFuture<Void> endSessionQuietly(java.time.Duration timeout) {
        CompletableFuture<Void> loggingIn = relogin.get();
        if (loggingIn != null && !loggingIn.isDone()) {
            // The session to end is the one being made: ended once it is there (or the wait is over).
            return loggingIn.copy().completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((ok, error) -> null).thenCompose(x -> endSessionNow(timeout));
        }
        return endSessionNow(timeout);
    }

    private CompletableFuture<Void> endSessionNow(java.time.Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            runtime.http().newRequest(runtime.settings().baseUrl() + ApiPaths.ME).method(HttpMethod.POST)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(h -> sessionHeaders(h, true))
                    .body(new StringRequestContent("application/json",
                            Operation.of(io.gwsload.api.OperationName.EndContactCenterSession).toJson()))
                    .send(result -> done.complete(null));
        } catch (RuntimeException e) {
            done.complete(null);
        }
        return done;
    }

    /**
     * Ends the CometD session (the HTTP session ends with {@code EndContactCenterSession}): a graceful
     * {@code /meta/disconnect} when connected; otherwise (handshaking, re-handshaking after a lost
     * session) the client is aborted, so that it stops retrying with credentials that go back to the pool.
     */
    public CompletableFuture<Void> disconnect() {
        leaving = true;
        CompletableFuture<Void> loggingIn = relogin.get();
        if (loggingIn != null && !loggingIn.isDone()) {
            // The session to end is the one being made: ended once it is there (or the wait is over).
            return loggingIn.copy().completeOnTimeout(null, 10, TimeUnit.SECONDS).handle((ok, error) -> null)
                    .thenCompose(x -> disconnectNow());
        }
        return disconnectNow();
    }

    private CompletableFuture<Void> disconnectNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        BayeuxClient client = bayeux;
        if (client == null || client.isDisconnected()) {
            done.complete(null);
        } else if (client.isConnected()) {
            client.disconnect(reply -> done.complete(null));
        } else {
            client.abort();
            done.complete(null);
        }
        return done;
    }

    /** Drops the CometD session at once, without telling the server (end of run, or a broken agent). */
    public void abort() {
        leaving = true;
        aborted = true;
        BayeuxClient client = bayeux;
        if (client != null) {
            client.abort();
        }
    }

    @Override
    public String toString() {
        return "AgentConnection[" + username() + (cometdSessionId != null ? ", cometd=" + cometdSessionId : "") + "]";
    }

    // ---- internals ----

    /**
     * The headers of every CometD request, over either transport: Basic auth, the cookies (the agent's and this
     * CometD client's own, each name once), the CSRF token; a null value: the header is left out.
     */
    private void cometdHeaders(CookieJar server, java.util.function.BiConsumer<String, String> put) {
        put.accept(HttpHeader.AUTHORIZATION.asString(), authorization);
        put.accept(HttpHeader.COOKIE.asString(), server.header(cookies));
        String token = csrfToken;
        if (token != null) {
            put.accept(csrfHeader, token);
        }
    }

    private ClientTransport newTransport() {
        if (runtime.settings().transport() == Transport.WEBSOCKET) {
            return new WebSocketTransport(runtime.transportOptions(), runtime.scheduler(), runtime.webSocket()) {
                private final CookieJar server = new CookieJar();

                @Override
                protected List<HttpCookie> getCookies(URI uri) {
                    return List.of(); // one Cookie header, below
                }

                @Override
                protected void storeCookies(URI uri, Map<String, List<String>> headers) {
                    server.take(headers);
                }

                @Override
                protected void onHandshakeRequest(Map<String, List<String>> headers) {
                    super.onHandshakeRequest(headers);
                    cometdHeaders(server, (name, value) -> {
                        if (value == null) {
                            headers.remove(name);
                        } else {
                            headers.put(name, List.of(value));
                        }
                    });
                }
            };
        }
        return new JettyHttpClientTransport(runtime.transportOptions(), runtime.http()) {
            private final CookieJar server = new CookieJar();

            @Override
            protected List<HttpCookie> getCookies(URI uri) {
                return List.of(); // one Cookie header, below
            }

            @Override
            protected void storeCookies(URI uri, Map<String, List<String>> headers) {
                server.take(headers);
            }

            @Override
            protected void customize(Request request) {
                // Long-polls go to one of a fixed number of connection pools (see ClientRuntime).
                request.tag(destinationTag);
                request.headers(h -> cometdHeaders(server, (name, value) -> {
                    if (value == null) {
                        h.remove(name); // CometD's own Cookie header, empty without a cookie store
                    } else {
                        h.put(name, value);
                    }
                }));
            }
        };
    }

    private void onHandshake(BayeuxClient client, ClientSessionChannel.MessageListener deliver,
            CompletableFuture<Void> ready) {
        Failed failed = reloginFailure;
        if (failed != null && failed.generation() == sessionGeneration && relogin.get() != null
                && relogin.get().isDone()) {
            reloginFailure = null; // CometD made its session again by itself: nothing to log in again for
        }
        String id = client.getId();
        String previous = cometdSessionId;
        cometdSessionId = id;
        handshakes++;
        if (previous != null && !previous.equals(id)) {
            events.onSessionLost("re-handshake: the server no longer knew session " + previous);
        }
        List<String> channels = runtime.settings().subscriptions();
        int[] confirmed = {0};
        client.batch(() -> {
            for (String channel : channels) {
                client.getChannel(channel).subscribe(deliver, reply -> {
                    if (ready.isDone()) {
                        return;
                    }
                    if (!reply.isSuccessful()) {
                        ready.completeExceptionally(new GwsClientException("CometD subscription to " + channel
                                + " for " + username() + " was refused: " + failureOf(reply) + "."));
                    } else {
                        synchronized (confirmed) {
                            if (++confirmed[0] == channels.size()) {
                                ready.complete(null);
                            }
                        }
                    }
                });
            }
        });
    }

    private void keepSessionHeaders(Response response) {
        String header = response.getHeaders().get("X-CSRF-HEADER");
        String token = header == null ? null : response.getHeaders().get(header);
        if (token == null) {
            token = response.getHeaders().get("X-CSRF-TOKEN");
            header = token == null ? null : "X-CSRF-TOKEN";
        }
        if (token != null) {
            csrfHeader = header;
            csrfToken = token;
        }
        List<String> setCookies = new ArrayList<>(2);
        for (HttpField field : response.getHeaders()) {
            if (field.getHeader() == HttpHeader.SET_COOKIE) {
                setCookies.add(field.getValue());
            }
        }
        keepCookies(setCookies);
    }

    /** Takes the Set-Cookie headers of a REST answer into the agent's cookies; a new HTTP session is told. */
    private void keepCookies(List<String> setCookies) {
        if (setCookies.isEmpty()) {
            return;
        }
        String sessionBefore;
        String sessionAfter;
        synchronized (cookies) {
            sessionBefore = cookies.get(SESSION_COOKIE);
            setCookies.forEach(cookies::take);
            sessionAfter = cookies.get(SESSION_COOKIE);
        }
        if (sessionBefore != null && sessionAfter != null && !sessionBefore.equals(sessionAfter)) {
            // A new HTTP session (expiry, failover): GWS restarts its referenceIds.
            events.onHttpSessionChanged();
        }
    }

    /**
     * Logs the agent in again after its session expired; one attempt at a time, published before it starts so
     * that every POST after this waits for it. If it fails, the agent's next POST tries again, and fails with
     * the reason if that fails too.
     */
    private void relogin() {
        CompletableFuture<Void> current = relogin.get();
        if (current != null && !current.isDone()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!relogin.compareAndSet(current, done)) {
            return;
        }
        int generation = ++sessionGeneration; // only the winner of the exchange writes it
        // Paced across agents (gws.reloginRate): a GWS that forgot every session is not met by all of them at once.
        // An agent that left while it waited for its slot is not logged in again (that would leave a session behind).
        runtime.reloginSlot().thenCompose(u -> leaving ? CompletableFuture.<UserResource>completedFuture(null) : login())
                .thenCompose(u -> renewCometd()).whenComplete((u, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            reloginFailure = cause == null ? null : new Failed(generation, "the agent could not log in again: "
                    + (cause instanceof GwsClientException ? cause.getMessage() : Failures.describe(cause)));
            done.complete(null);
            if (cause != null) {
                LOG.warn("{}: {}", username(), reloginFailure.reason());
            }
        });
    }

    /**
     * After a login again: a new CometD session with the new cookie, as at login (the old one belonged to the
     * expired HTTP session, or to a GWS that is gone), so that the notifications of the agent's next operations
     * reach it. The old client is dropped; the handshake tells the events listener the old session is lost.
     */
    private CompletableFuture<Void> renewCometd() {
        BayeuxClient old = bayeux;
        if (old == null || leaving) {
            return CompletableFuture.completedFuture(null); // never connected (a login check), or leaving
        }
        old.abort();
        CompletableFuture<Void> renewed = new CompletableFuture<>();
        connectAgain(1, renewed);
        return renewed;
    }

    /** One try at the new CometD session; a refused one is tried again after a pause, a few times. */
    private void connectAgain(int attempt, CompletableFuture<Void> renewed) {
        connect().whenComplete((ok, error) -> {
            if (leaving) {
                // The agent logged out while its new session was being made: disconnect() ends it politely once
                // this is done; abort() (end of run) drops it now.
                BayeuxClient client = bayeux;
                if (aborted && client != null) {
                    client.abort();
                }
                renewed.complete(null);
            } else if (error == null) {
                renewed.complete(null);
            } else if (attempt >= RENEW_ATTEMPTS) {
                renewed.completeExceptionally(error);
            } else {
                BayeuxClient failed = bayeux;
                if (failed != null) {
                    failed.abort();
                }
                try {
                    runtime.scheduler().schedule(() -> connectAgain(attempt + 1, renewed), 500L << (attempt - 1),
                            TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) { // the run is ending
                    renewed.completeExceptionally(error);
                }
            }
        });
    }

    /** Whether an unsuccessful handshake was refused by the server (not a connection that failed). */
    private static boolean isRefusal(Message m) {
        return m.get(Message.ERROR_FIELD) instanceof String error && error.startsWith("403");
    }

    private static String oneLine(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    private static String statusOf(HttpAnswer answer) {
        try {
            OperationResponse r = Json.convert(answer.json(), OperationResponse.class);
            if (r.statusCode() != null) {
                return ", statusCode " + r.statusCode() + (r.statusMessage() != null ? ": " + r.statusMessage() : "");
            }
        } catch (IllegalArgumentException e) {
            // not JSON: show the text instead
        }
        String text = answer.snippet(80);
        return text.isEmpty() ? "" : ": " + text;
    }

    private static String failureOf(Message reply) {
        Object error = reply.get(Message.ERROR_FIELD);
        if (error != null) {
            return error.toString();
        }
        Object failure = reply.get("failure");
        if (failure instanceof Map<?, ?> f && f.get("exception") instanceof Throwable t) {
            return Failures.describe(t);
        }
        return "no reason given";
    }

    /** Feeds every notification to the events listener, stamped before anything else happens. */
    private final class NotificationListener implements ClientSessionChannel.MessageListener {
        // Overlapping subscriptions (/v2/me/* and /v2/me/chats) deliver the same message object twice.
        private Message last;

        @Override
        public void onMessage(ClientSessionChannel channel, Message message) {
            long now = System.nanoTime();
            if (message == last) {
                return;
            }
            last = message;
            Map<String, Object> data = message.getDataAsMap();
            if (data != null) {
                events.onNotification(Notification.of(message.getChannel(), data,
                        AuditStamp.causes(message.getExt())), now);
            }
        }
    }

    /** The agent's credentials, cookies and (for changes) CSRF token on a REST request. */
    private void sessionHeaders(org.eclipse.jetty.http.HttpFields.Mutable h, boolean withCsrf) {
        h.put(HttpHeader.AUTHORIZATION, authorization);
        h.put(HttpHeader.ACCEPT, "application/json");
        String c = cookies.header();
        if (c != null) {
            h.put(HttpHeader.COOKIE, c);
        }
        String token = csrfToken;
        if (withCsrf && token != null) {
            h.put(csrfHeader, token);
        }
    }

    /** Buffers an answer's body and keeps the session cookie and CSRF token it may carry. */
    private abstract class SessionKeepingListener extends BufferingResponseListener {
        SessionKeepingListener() {
            super(MAX_BODY);
        }

        @Override
        public void onHeaders(Response response) {
            super.onHeaders(response);
            keepSessionHeaders(response);
        }
    }

    /** Reads an operation's HTTP answer and reports it to the POST's observer. */
    private final class AnswerListener extends SessionKeepingListener {
        private final PostObserver op;

        private final boolean reloginOnExpiry;
        /** The login again the POST was sent after: a refusal of an older session's POST starts no other. */
        private final int generation;

        AnswerListener(PostObserver op, boolean reloginOnExpiry, int generation) {
            this.reloginOnExpiry = reloginOnExpiry;
            this.op = op;
            this.generation = generation;
        }

        @Override
        public void onComplete(Result result) {
            long now = System.nanoTime();
            if (result.isFailed()) {
                op.failed(Failures.describe(result.getFailure()), now);
                return;
            }
            int status = result.getResponse().getStatus();
            String body = getContentAsString();
            if ((status == 401 || status == 403) && runtime.settings().reloginOnExpiry() && reloginOnExpiry
                    && user != null) {
                // GWS sends Basic auth with every request, so an expired session shows as a new session
                // without a CSRF token (403) or as a refusal (401): log in again, and say so.
                if (generation == sessionGeneration) {
                    relogin(); // first: the operation's end lets the virtual user go on, and its next POST must wait
                }
                op.sessionExpired(status, oneLine(body), now);
                return;
            }
            OperationResponse response;
            try {
                response = Json.MAPPER.readValue(body, OperationResponse.class);
                if (response == null) {
                    throw new IllegalArgumentException("empty body");
                }
            } catch (IllegalArgumentException | java.io.IOException e) {
                // Not GWS JSON (e.g. a 403 "Missing or invalid Csrf token" text): keep the text for the message.
                String text = body == null ? "" : body.replaceAll("\\s+", " ").trim();
                response = status == 200 ? null
                        : new OperationResponse(null, text.length() > 120 ? text.substring(0, 120) + "..." : text, null);
            }
            op.answered(status, response, AuditStamp.operation(result.getResponse().getHeaders()
                    .get(AuditStamp.HEADER)), now);
        }
    }
}
