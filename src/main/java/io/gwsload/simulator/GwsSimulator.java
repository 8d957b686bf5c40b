package io.gwsload.simulator;

import io.gwsload.simulator.truth.Counter;

import io.gwsload.simulator.truth.SimulatorStats;

import io.gwsload.simulator.truth.ServerCapacity;

import io.gwsload.simulator.truth.GroundTruth;

import io.gwsload.simulator.ops.ReferenceIdPolicy;

import io.gwsload.simulator.users.UsersCsv;

import io.gwsload.simulator.users.UserTable;

import io.gwsload.simulator.users.UserSpec;

import io.gwsload.simulator.users.SimUser;

import io.gwsload.simulator.model.Interaction;

import io.gwsload.simulator.model.ContactOptions;

import io.gwsload.simulator.model.ContactCentre;

import io.gwsload.simulator.model.Agent;

import io.gwsload.simulator.cometd.WatchedTransports;

import io.gwsload.simulator.cometd.Notifications;

import io.gwsload.simulator.cometd.Notifier;

import io.gwsload.simulator.cometd.DeliveryWatch;

import io.gwsload.simulator.cometd.CometdGateway;

import io.gwsload.simulator.http.WebSessions;

import io.gwsload.simulator.http.ControlServlet;

import io.gwsload.simulator.http.BasicAuth;

import io.gwsload.simulator.http.ApiServlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.http.jakarta.CometDServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.OperationName;

/**
 * The embedded GWS simulator: a real HTTP + CometD server on Jetty that behaves like Genesys Web
 * Services v2 for chat and SMS sessions as far as docs/gws-api.md documents it.
 *
 * <pre>{@code
 * try (GwsSimulator sim = GwsSimulator.start(SimulatorConfig.defaults().withAgents(500))) {
 *     sim.baseUrl();                       // http://127.0.0.1:41234
 *     sim.writeCredentials(Path.of("target/credentials.csv"));
 *     sim.injectContacts(Media.CHAT, 10);  // offered to Ready agents
 *     sim.updateKnobs(Map.of("errorRate", 0.01));
 *     sim.stats().operation("Accept").p99Us();
 * }
 * }</pre>
 *
 * <p>Paths: REST {@code /api/v2/*}, CometD {@code /api/v2/notifications} (long-polling and WebSocket),
 * control {@code /sim/*} ({@link ControlServlet}). Settings: {@link SimulatorConfig}; run-time knobs:
 * {@link Knobs}; standalone: {@link SimulatorMain}.
 *
 * <p>What it does where the documentation is silent is listed in docs/simulator.md; where a referenceId
 * appears, per operation, in {@link ReferenceIdPolicy}.
 */
public final class GwsSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GwsSimulator.class);
    private static final long TICK_MS = 10;

    private final SimulatorConfig config;
    private final Server server;
    private final int port;
    private final String baseUrl;
    private final UserTable users;
    private final AtomicReference<Knobs> knobs;
    private final GroundTruth truth = new GroundTruth();
    private final ServerCapacity capacity = new ServerCapacity(truth);
    private final WebSessions webSessions = new WebSessions();
    private final ScheduledThreadPoolExecutor scheduler;
    private final ScheduledThreadPoolExecutor delivery;
    private final CometdGateway gateway;
    private final DeliveryWatch watch;
    private final ContactCentre centre;
    private final io.gwsload.simulator.gms.GmsChats gms;
    private long nextGmsSweep;
    private final ScheduledFuture<?> ticker;
    private long nextExpiryScan;
    private long nextDisconnect;
    private volatile boolean closed;

    private GwsSimulator(SimulatorConfig config, List<UserSpec> specs) throws Exception {
        this.config = config;
        this.knobs = new AtomicReference<>(config.knobs());
        QueuedThreadPool pool = new QueuedThreadPool(config.maxThreads(), 8);
        this.server = new Server(pool);
        server.setStopTimeout(0);
        HttpConfiguration http = new HttpConfiguration();
        http.setHeaderCacheSize(0); // Jetty's per-connection header cache costs ~100 KB per idle connection
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(server, 1, -1, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setAcceptQueueSize(4096);
        connector.setIdleTimeout(Math.max(60_000, 2 * config.cometdTimeoutMs() + 10_000));
        server.addConnector(connector);
        try {
            connector.open(); // bind now: users' URIs need the real port before anything starts
        } catch (IOException e) {
            connector.close();
            throw e;
        }
        this.port = connector.getLocalPort();
        // thread names carry the port, so the threads of simulators side by side can be told apart
        pool.setName("gws-sim-" + port + "-http");
        this.scheduler = newScheduler("gws-sim-" + port + "-scheduler-", 2);
        this.delivery = newScheduler("gws-sim-" + port + "-delivery-", 1);
        try {
            String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
            this.baseUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            this.users = UserTable.of(specs, baseUrl);
            BasicAuth auth = new BasicAuth(users);

            BayeuxServerImpl bayeux = new BayeuxServerImpl();
            bayeux.setOption("cometdURLMapping", ApiPaths.NOTIFICATIONS + "/*");
            bayeux.setOption("timeout", config.cometdTimeoutMs());
            bayeux.setOption("maxInterval", config.maxInterval());
            bayeux.setOption("ws.idleTimeout", Math.max(60_000, 2 * config.cometdTimeoutMs() + 10_000));
            bayeux.setExecutor(pool);
            bayeux.setScheduler(new ScheduledExecutorScheduler("gws-sim-" + port + "-cometd-scheduler", true));
            this.watch = new DeliveryWatch(scheduler);
            bayeux.setTransports(new WatchedTransports.WebSocket(bayeux, watch),
                    new WatchedTransports.Http(bayeux, watch)); // WebSocket first, long-polling second
            this.gateway = new CometdGateway(bayeux, webSessions, auth, truth, watch, knobs::get);
            Notifier notifier = new Notifier(gateway, truth, knobs::get, scheduler, delivery);
            this.centre = new ContactCentre(baseUrl, users, notifier, truth, scheduler, knobs::get);
            this.gms = new io.gwsload.simulator.gms.GmsChats(centre, knobs::get);

            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
            context.setContextPath("/");
            context.getServletContext().setAttribute(BayeuxServer.ATTRIBUTE, bayeux);
            ServletHolder cometd = new ServletHolder("cometd", new CometDServlet());
            cometd.setInitOrder(1);
            cometd.setAsyncSupported(true);
            context.addServlet(cometd, ApiPaths.NOTIFICATIONS + "/*");
            ServletHolder api = new ServletHolder("gws-api", new ApiServlet(auth, webSessions, centre, notifier,
                    watch, truth, capacity, knobs::get, scheduler));
            api.setAsyncSupported(true);
            context.addServlet(api, ApiPaths.ROOT + "/*");
            // GWS's Customer Chat API: customers' chats without a login, beside the agents' API.
            context.addServlet(new ServletHolder("gws-customer-chat", new io.gwsload.simulator.gms.CustomerChatApiServlet(
                    gms, truth)), io.gwsload.simulator.gms.CustomerChatApiServlet.ROOT + "/*");
            context.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new io.gwsload.simulator.gms.GatewayFilter(
                    knobs::get)), io.gwsload.simulator.gms.CustomerChatApiServlet.ROOT + "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            context.addServlet(new ServletHolder("sim-control", new ControlServlet(this)), "/sim/*");
            bayeux.setOption(Context.class.getName(), context.getContext());
            context.insertHandler(WebSocketUpgradeHandler.from(server, context));
            server.setHandler(new org.eclipse.jetty.server.handler.ContextHandlerCollection(context,
                    genesysContext(config, pool)));
            server.start();
            long now = System.nanoTime();
            nextExpiryScan = now;
            nextDisconnect = 0;
            ticker = scheduler.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        } catch (Exception | Error e) {
            scheduler.shutdownNow();
            delivery.shutdownNow();
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            connector.close();
            throw e;
        }
    }

    /**
     * Starts a simulator. A bad users file or a port in use fails here with one sentence
     * ({@link IllegalArgumentException} / {@link IllegalStateException}).
     */
    public static GwsSimulator start(SimulatorConfig config) {
        Objects.requireNonNull(config, "config");
        List<UserSpec> specs = UserTable.specsFor(config);
        GwsSimulator sim;
        try {
            sim = new GwsSimulator(config, specs);
        } catch (IOException e) {
            throw new IllegalStateException("The simulator cannot listen on " + config.host() + ":" + config.port()
                    + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("The simulator did not start: " + e, e);
        }
        if (config.credentialsOut() != null) {
            sim.writeCredentials(config.credentialsOut());
        }
        LOG.debug("GWS simulator listening on {} with {} users", sim.baseUrl(), sim.users.size());
        return sim;
    }

    private static ScheduledThreadPoolExecutor newScheduler(String namePrefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, namePrefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(threads, factory);
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // while closing, work handed to it is dropped rather than thrown back at request threads
        s.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        return s;
    }

    /** Every 10 ms: customer arrivals; now and then session expiry and periodic forced disconnects. */
    private void tick() {
        try {
            long now = System.nanoTime();
            centre.customers().tick(now);
            Knobs k = knobs.get();
            if (now - nextExpiryScan >= 0) {
                nextExpiryScan = now + TimeUnit.MILLISECONDS.toNanos(Math.max(100, Math.min(5_000,
                        k.sessionIdleTimeoutMs() / 10)));
                truth.add(Counter.sessionsExpired, webSessions.expire(TimeUnit.MILLISECONDS.toNanos(
                        k.sessionIdleTimeoutMs())));
            }
            if (now - nextGmsSweep >= 0) {
                nextGmsSweep = now + TimeUnit.MILLISECONDS.toNanos(500);
                gms.sweep(now);
            }
            if (k.disconnectIntervalMs() <= 0) {
                nextDisconnect = 0;
            } else if (nextDisconnect == 0) {
                nextDisconnect = now + TimeUnit.MILLISECONDS.toNanos(k.disconnectIntervalMs());
            } else if (now - nextDisconnect >= 0) {
                nextDisconnect = now + TimeUnit.MILLISECONDS.toNanos(k.disconnectIntervalMs());
                gateway.disconnectRandom(k.disconnectCount());
            }
        } catch (RuntimeException e) {
            LOG.warn("Simulator housekeeping failed", e);
        }
    }

    /**
     * What GMS serves under {@code /genesys}: the Chat API v2 over REST ({@code /genesys/2/chat}) and over CometD
     * ({@code /genesys/cometd}, long-polling, a Bayeux server of its own: customers never share the agents').
     */
    private ServletContextHandler genesysContext(SimulatorConfig config, QueuedThreadPool pool) {
        ServletContextHandler genesys = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        genesys.setContextPath("/genesys");
        BayeuxServerImpl customers = new BayeuxServerImpl();
        customers.setOption("timeout", config.cometdTimeoutMs());
        customers.setOption("maxInterval", config.maxInterval());
        customers.setExecutor(pool);
        customers.setScheduler(new ScheduledExecutorScheduler("gws-sim-" + port + "-gms-cometd-scheduler", true));
        customers.setTransports(new org.cometd.server.http.JSONHttpTransport(customers));
        // Pushes on /meta/connect replies rather than on a publish's (the customer copes with either order).
        customers.setOption("metaConnectDeliveryOnly", true);
        genesys.getServletContext().setAttribute(BayeuxServer.ATTRIBUTE, customers);
        ServletHolder cometd = new ServletHolder("gms-cometd", new CometDServlet());
        cometd.setInitOrder(1);
        cometd.setAsyncSupported(true);
        genesys.addServlet(cometd, "/cometd/*");
        genesys.addServlet(new ServletHolder("gms-chat", new io.gwsload.simulator.gms.GmsChatServlet(gms, truth)),
                "/2/chat/*");
        genesys.addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(new io.gwsload.simulator.gms.GatewayFilter(
                knobs::get)), "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        customers.setOption(Context.class.getName(), genesys.getContext());
        new io.gwsload.simulator.gms.GmsCometd(customers, gms, truth, scheduler);
        return genesys;
    }

    private final java.util.List<io.gwsload.simulator.sms.SmsServerStandIn> smsServers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Binds an SMS Server stand-in to the SMSC at {@code host:port} (as a real SMS Server's {@code x-smpp-host},
     * {@code x-smpp-port}, {@code x-smpp-system-id} and {@code password} would): customers' SMS then come in through
     * it as SMS sessions routed to agents, and agents' messages in those go back through it. Throws, in one sentence,
     * when the bind fails.
     */
    public io.gwsload.simulator.sms.SmsServerStandIn bindSmsServer(String host, int port, String systemId,
            String password) throws java.io.IOException {
        if (closed) {
            throw new IllegalStateException("the simulator is closed");
        }
        io.gwsload.simulator.sms.SmsServerStandIn s = io.gwsload.simulator.sms.SmsServerStandIn.bind(centre, host, port,
                systemId, password);
        smsServers.add(s);
        return s;
    }

    /** The customer chats that came through the GMS Chat API. */
    public io.gwsload.simulator.gms.GmsChats gmsChats() {
        return gms;
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return port;
    }

    /** The CometD URL: {@code {baseUrl}/api/v2/notifications}. */
    public String cometdUrl() {
        return baseUrl + ApiPaths.NOTIFICATIONS;
    }

    public SimulatorConfig config() {
        return config;
    }

    /** Every user, agents first. */
    public List<SimUser> users() {
        return users.all();
    }

    /** A user by username, or null. */
    public SimUser user(String username) {
        return users.byName(username);
    }

    /** Writes {@code username,password,role,nickname} (with that header) for every user. */
    public void writeCredentials(Path file) {
        try {
            UsersCsv.write(file, users.all());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code count} customer contacts on a media, routed to Ready agents; returns their ids. */
    public List<String> injectContacts(Media media, int count) {
        return injectContacts(media, count, ContactOptions.defaults());
    }

    /** As {@link #injectContacts(Media, int)} with a nickname, user data and / or one agent to offer to. */
    public List<String> injectContacts(Media media, int count, ContactOptions options) {
        Objects.requireNonNull(media, "media");
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, got " + count);
        }
        return centre.inject(media, count, options == null ? ContactOptions.defaults() : options);
    }

    /** The current knobs. */
    public Knobs knobs() {
        return knobs.get();
    }

    /**
     * Changes knobs while running, all or nothing; returns the new knobs. An unknown name, a
     * start-up setting or a bad value throws {@link IllegalArgumentException} with one sentence.
     */
    public synchronized Knobs updateKnobs(Map<String, ?> changes) {
        for (String name : changes.keySet()) {
            if (SimulatorConfig.settingNames().contains(name)) {
                throw new IllegalArgumentException(name + " is a start-up setting; it cannot change while the "
                        + "simulator runs");
            }
        }
        Knobs next = knobs.get().with(changes);
        knobs.set(next);
        return next;
    }

    /** Forces off the CometD sessions of these users; returns how many sessions. */
    public int disconnect(Collection<String> usernames) {
        List<Agent> agents = new ArrayList<>(usernames.size());
        for (String name : usernames) {
            Agent a = centre.agentByName(name);
            if (a == null) {
                throw new IllegalArgumentException("No user named '" + name + "'");
            }
            agents.add(a);
        }
        return gateway.disconnect(agents);
    }

    /**
     * Ends the HTTP sessions of these users (every user's, when null) as an idle expiry does: the agents stay
     * logged in, their next POST is refused (403, no valid CSRF token) and a client logs in again. Counted as
     * {@code sessionsExpired}; returns how many sessions ended.
     */
    public int expireSessions(Collection<String> usernames) {
        java.util.Set<Agent> agents = null;
        if (usernames != null) {
            agents = new java.util.HashSet<>();
            for (String name : usernames) {
                Agent a = centre.agentByName(name);
                if (a == null) {
                    throw new IllegalArgumentException("No user named '" + name + "'");
                }
                agents.add(a);
            }
        }
        int expired = webSessions.expire(agents);
        truth.add(Counter.sessionsExpired, expired);
        return expired;
    }

    /** Forces off up to {@code count} random CometD sessions; returns how many. */
    public int disconnectRandom(int count) {
        return gateway.disconnectRandom(count);
    }

    /** Forces off every CometD session; returns how many. */
    public int disconnectAll() {
        return gateway.disconnectAll();
    }

    /** The ground truth now. */
    public SimulatorStats stats() {
        return stats(false);
    }

    /** The ground truth now; with {@code gc} a {@code System.gc()} first so the heap figure means something. */
    public SimulatorStats stats(boolean gc) {
        if (gc) {
            System.gc();
        }
        GroundTruth.Instruments in = truth.snapshotSource();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            counters.put(c.name(), in.counters[c.ordinal()].sum());
        }
        Map<String, Long> statusErrors = new LinkedHashMap<>();
        for (int code = 1; code < in.statusErrors.length; code++) {
            long n = in.statusErrors[code].sum();
            if (n > 0) {
                statusErrors.put(Integer.toString(code), n);
            }
        }
        Map<String, SimulatorStats.OperationTiming> operations = new LinkedHashMap<>();
        for (OperationName op : OperationName.values()) {
            Histogram h = in.copyOf(op);
            if (h != null && h.getTotalCount() > 0) {
                operations.put(op.wireName(), SimulatorStats.OperationTiming.of(h));
            }
        }
        SimulatorStats.Sessions sessions = new SimulatorStats.Sessions(webSessions.size(), gateway.sessionCount(),
                centre.loggedInCount(), centre.interactionCount(), centre.queuedCount(),
                in.handshakeRate.peakPerSecond(), in.handshakeRate.lastMillis());
        Runtime rt = Runtime.getRuntime();
        double cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuTime() / 1e9;
        }
        SimulatorStats.Jvm jvm = new SimulatorStats.Jvm(rt.totalMemory() - rt.freeMemory(), rt.maxMemory(),
                ManagementFactory.getThreadMXBean().getThreadCount(), cpu);
        long period = System.currentTimeMillis() - in.startedMillis;
        return new SimulatorStats(in.startedMillis, period, counters, statusErrors, sessions, jvm, operations,
                knobs.get().toMap(), capacityStats(counters, period));
    }

    private SimulatorStats.Capacity capacityStats(Map<String, Long> counters, long periodMillis) {
        Knobs k = knobs.get();
        if (k.workers() == 0) {
            return null;
        }
        long admitted = counters.get(Counter.capacityAdmitted.name());
        long busyMicros = counters.get(Counter.capacityBusyMicros.name());
        double meanMs = k.serviceTime().meanMillis();
        double atMix = busyMicros == 0 ? 0 : k.workers() * admitted / (busyMicros / 1e6);
        double utilisation = periodMillis == 0 ? 0 : busyMicros / 1e3 / (k.workers() * (double) periodMillis);
        Map<String, Object> map = k.toMap();
        return new SimulatorStats.Capacity(k.workers(), k.serviceTime().spec(), (String) map.get("serviceTimes"),
                k.queueLimit(), k.overload().wireName(), meanMs == 0 ? 0 : round(k.workers() * 1000 / meanMs),
                round(atMix), admitted, counters.get(Counter.capacityWaited.name()),
                counters.get(Counter.capacityRejected.name()), round(Math.min(1, utilisation)), capacity.peakWaiting());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Restarts every counter and histogram. */
    public void resetStats() {
        capacity.resetPeak();
        gateway.resetStats();
        truth.reset();
    }

    /** Stops the server, CometD and every simulator thread; the port is closed when this returns. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (io.gwsload.simulator.sms.SmsServerStandIn sms : smsServers) {
            sms.close();
        }
        ticker.cancel(false);
        scheduler.shutdownNow();
        delivery.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the simulator's server failed", e);
        }
        server.destroy();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS) || !delivery.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Simulator scheduler threads did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        webSessions.clear();
    }

    public boolean isClosed() {
        return closed;
    }

    /** For tests in this package: the contact centre itself. */
    ContactCentre centre() {
        return centre;
    }
}
