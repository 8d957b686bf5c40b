package io.gwsload.client;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.cometd.client.BayeuxClient;
import org.cometd.client.transport.ClientTransport;
import org.cometd.common.JacksonJSONContextClient;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainer;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;


/**
 * What all agents of one load generator share: one Jetty HttpClient (REST calls and long-polling),
 * one CometD scheduler, one JSON context, and the WebSocket container when that transport is used.
 * Each agent keeps its own cookies and CSRF token (see {@link AgentConnection}); the shared
 * HttpClient's cookie store is kept empty so that no agent's session cookie leaks to another
 * (a shared HttpClient would otherwise send one agent's JSESSIONID for all).
 */
public final class ClientRuntime implements AutoCloseable {
    private static final String USER_AGENT = "gws-load";
    /**
     * Long-polls are spread over this many connection pools (Jetty destinations, by request tag).
     * Nearly every connection of a long-poll pool is busy, and Jetty's pool finds a free one by
     * scanning, so one pool for 10,000 agents made each acquire scan thousands of busy connections
     * (seconds per login); one pool per agent made HttpClient scan its list of destinations on every
     * new connection instead. A fixed number keeps both scans short. REST calls use the untagged pool,
     * whose connections are busy only during a request.
     */
    static final int COMETD_POOLS = 128;
    /** WebSocket handshakes connecting at once; more wait their turn (a connect takes a round trip). */
    static final int WEBSOCKET_CONNECT_THREADS = 16;

    private final ClientSettings settings;
    private final HttpClient http;
    private final BayeuxClient.Scheduler scheduler;
    private final JacksonJSONContextClient json;
    private final JakartaWebSocketClientContainer webSocket;
    /**
     * Where WebSocket handshakes start: the Jakarta API's connect blocks until the upgrade is answered, and
     * that answer is read by the client's own threads, so a burst of logins connecting on those threads
     * would take every one of them and wait for itself (200 agents logging in within a second: none got
     * through). A few threads of their own keep connects off the client's threads; null for long-polling.
     */
    private final java.util.concurrent.ExecutorService webSocketConnects;
    private final java.util.concurrent.atomic.AtomicInteger agentsCreated = new java.util.concurrent.atomic.AtomicInteger();

    private ClientRuntime(ClientSettings settings) throws Exception {
        this.settings = settings;
        this.relogins = new RateGate(settings.reloginRate());
        QueuedThreadPool pool = new QueuedThreadPool(settings.clientThreads(), 4);
        pool.setName("gws-client");
        pool.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setExecutor(pool);
        connector.setScheduler(new ScheduledExecutorScheduler("gws-client-timer", true));
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(settings.keepAlive()); // an idle pooled connection; a request in flight: below
        if (settings.isTls()) {
            SslContextFactory.Client ssl = new SslContextFactory.Client(settings.trustAll());
            if (settings.trustStore() != null) {
                ssl.setTrustStorePath(settings.trustStore().toString());
                if (settings.trustStorePassword() != null) {
                    ssl.setTrustStorePassword(settings.trustStorePassword());
                }
                if (settings.trustStoreType() != null) {
                    ssl.setTrustStoreType(settings.trustStoreType());
                }
            }
            if (settings.trustAll()) {
                ssl.setEndpointIdentificationAlgorithm(null);
            }
            connector.setSslContextFactory(ssl);
        }
        // A request gets the longer idleTimeout from its creation (CometD's set their own, later): the short keep-alive
        // is for idle pooled connections only, which the client must close before the target does. (Set when the
        // request is made, not when it is queued: a connection can take it from the queue before queued listeners run.)
        long inFlightIdle = settings.idleTimeout().toMillis();
        http = new HttpClient(new HttpClientTransportOverHTTP(connector)) {
            @Override
            public Request newRequest(java.net.URI uri) {
                return super.newRequest(uri).idleTimeout(inFlightIdle, TimeUnit.MILLISECONDS);
            }
        };
        http.setMaxConnectionsPerDestination(settings.maxConnections());
        http.setMaxRequestsQueuedPerDestination(Math.max(65_536, 2 * settings.maxConnections()));
        http.setIdleTimeout(settings.keepAlive().toMillis());
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setFollowRedirects(false);
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
        http.start();
        // CometD re-handshakes (after a drop) run on this scheduler; over WebSocket each one blocks in its connect,
        // so it gets as many threads as first handshakes do, not two.
        scheduler = new BayeuxClient.Scheduler(settings.transport() == Transport.WEBSOCKET ? WEBSOCKET_CONNECT_THREADS
                : 2);
        json = new JacksonJSONContextClient();
        if (settings.transport() == Transport.WEBSOCKET) {
            webSocket = new EagerWebSocketContainer(http);
            webSocket.setDefaultMaxSessionIdleTimeout(settings.idleTimeout().toMillis());
            LifeCycle.start(webSocket);
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            webSocketConnects = java.util.concurrent.Executors.newFixedThreadPool(WEBSOCKET_CONNECT_THREADS, r -> {
                Thread t = new Thread(r, "gws-websocket-connect-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            webSocket = null;
            webSocketConnects = null;
        }
    }

    /** Starts the shared client pieces; fails with a one-sentence {@link GwsClientException}. */
    public static ClientRuntime start(ClientSettings settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            return new ClientRuntime(settings);
        } catch (Exception e) {
            throw new GwsClientException("Could not start the HTTP client for " + settings.baseUrl() + ": "
                    + Failures.describe(e), e);
        }
    }

    /** A new, not yet logged-in agent. */
    public AgentConnection newAgent(Credentials credentials, AgentEvents events) {
        return new AgentConnection(this, credentials, java.util.Objects.requireNonNull(events, "events"));
    }

    /** An unauthenticated GET, e.g. {@code /api/v2/diagnostics/version} to check the target is reachable. */
    public CompletableFuture<HttpAnswer> probe(String path) {
        return send(http.newRequest(settings.baseUrl() + path));
    }

    /** An unauthenticated JSON POST, for the simulator's control endpoint ({@code /sim/...}). */
    public CompletableFuture<HttpAnswer> postJson(String path, String json) {
        return send(http.newRequest(settings.baseUrl() + path).method(org.eclipse.jetty.http.HttpMethod.POST)
                .body(new org.eclipse.jetty.client.StringRequestContent("application/json", json)));
    }

    private CompletableFuture<HttpAnswer> send(org.eclipse.jetty.client.Request request) {
        CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
        request.timeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .send(new BufferingResponseListener(1 << 20) {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result r) {
                        if (r.isFailed()) {
                            result.completeExceptionally(r.getFailure());
                        } else {
                            result.complete(new HttpAnswer(r.getResponse().getStatus(), getContentAsString()));
                        }
                    }
                });
        return result;
    }

    public ClientSettings settings() {
        return settings;
    }

    HttpClient http() {
        return http;
    }

    /** The HTTP client every agent's REST calls use: simulated customers share it (and its threads). */
    public HttpClient httpClient() {
        return http;
    }

    private final RateGate relogins;

    /** Completes when an agent may log in again: at most {@link ClientSettings#reloginRate()} per second. */
    java.util.concurrent.CompletableFuture<Void> reloginSlot() {
        long delay = relogins.delayNanos(System.nanoTime());
        if (delay == 0) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.CompletableFuture<Void> slot = new java.util.concurrent.CompletableFuture<>();
        try {
            scheduler.schedule(() -> slot.complete(null), delay, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            slot.complete(null); // the run is ending: the login fails on its own
        }
        return slot;
    }

    BayeuxClient.Scheduler scheduler() {
        return scheduler;
    }

    JakartaWebSocketClientContainer webSocket() {
        return webSocket;
    }

    /**
     * Jetty's container creates its core client on the first connect, unsynchronised: of connects starting
     * together, some find it created but not started yet ("WebSocketCoreClient is not started"). Created at
     * start instead, on one thread.
     */
    private static final class EagerWebSocketContainer extends JakartaWebSocketClientContainer {
        EagerWebSocketContainer(HttpClient http) {
            super(http);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            getWebSocketCoreClient();
        }
    }

    /** A handshake to start; told when the client stops before it could. */
    interface Handshake extends Runnable {
        void abandon();
    }

    /** Runs a CometD handshake: on the connect threads with WebSocket (its connect blocks), else at once. */
    void startHandshake(Handshake handshake) {
        if (webSocketConnects == null) {
            handshake.run();
        } else {
            webSocketConnects.execute(handshake);
        }
    }

    /** The tag of the long-poll connection pool the next agent uses. */
    Integer nextCometdPool() {
        return Math.floorMod(agentsCreated.getAndIncrement(), COMETD_POOLS);
    }

    /** A fresh, mutable copy of the transport options: the map must be one per transport. */
    Map<String, Object> transportOptions() {
        Map<String, Object> options = new HashMap<>(4);
        options.put(ClientTransport.JSON_CONTEXT_OPTION, json);
        options.put(ClientTransport.MAX_NETWORK_DELAY_OPTION, settings.maxNetworkDelay().toMillis());
        return options;
    }

    /** Stops the HTTP client, the WebSocket container and the scheduler; agents are not disconnected. */
    @Override
    public void close() {
        if (webSocketConnects != null) {
            for (Runnable waiting : webSocketConnects.shutdownNow()) {
                if (waiting instanceof Handshake h) {
                    h.abandon(); // its login hears that it will not happen
                }
            }
        }
        if (webSocket != null) {
            LifeCycle.stop(webSocket);
        }
        scheduler.shutdownNow();
        try {
            http.stop();
        } catch (Exception e) {
            // Stopping is best effort: the run is over.
        }
    }
}
