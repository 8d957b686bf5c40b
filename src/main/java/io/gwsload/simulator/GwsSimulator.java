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
 * Services v2 for chat and SMS sessions as far as {@code reference/gws-api.md} documents it.
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
 * <h2>Where a referenceId appears ({@code referenceIds}, {@link ReferenceIdPolicy})</h2>
 * {@code everywhere}: every answer and every notification an operation causes for its caller (the
 * old behaviour); {@code none}: nowhere, Errors included; {@code documented} (the default), as
 * gws-api.md §1 and the seed pages show it ([C] documented, [choice] where they are silent):
 *
 * <table>
 * <caption>referenceIds=documented</caption>
 * <tr><th>Operation</th><th>HTTP answer</th><th>Notifications to the caller</th></tr>
 * <tr><td>Accept (chat, SMS)</td><td>no id [C]</td><td>StatusChange and ParticipantsUpdated carry it;
 *   MessageLogUpdated does not [C]</td></tr>
 * <tr><td>Reject</td><td>no id [C]</td><td>StatusChange carries it [C]</td></tr>
 * <tr><td>SetDisposition</td><td>no id [C]</td><td>PropertiesUpdated carries it [C]</td></tr>
 * <tr><td>Invite, Consult</td><td>carries it [C]</td><td>success (ParticipantsUpdated,
 *   MessageLogUpdated ParticipantJoined): none [C]</td></tr>
 * <tr><td>CancelConsult</td><td>carries it [C]</td><td>(no notification on success)</td></tr>
 * <tr><td>SwitchToBargeIn; SwitchToMonitor, SwitchToCoach by analogy</td><td>no id [C for BargeIn]</td>
 *   <td>none [C for BargeIn]</td></tr>
 * <tr><td>Ready, Complete, Monitor</td><td>no id [C]</td><td>none [choice]</td></tr>
 * <tr><td>every other operation (StartContactCenterSession, EndContactCenterSession, NotReady, Leave,
 *   Transfer, SendMessage and the other Send* / typing operations, user data operations, AddComment,
 *   SetInFocus, Coach, BargeIn, CancelSupervisorMonitoring, Intrude)</td><td>no id [choice]</td>
 *   <td>none [choice]</td></tr>
 * <tr><td>any operation ending in an Error (errorRate or a failure)</td><td>as above</td><td>the Error
 *   carries it [C]</td></tr>
 * </table>
 *
 * <h2>Behaviour where the reference leaves a choice ([A] in gws-api.md)</h2>
 * <ul>
 * <li>referenceId: a per-HTTP-session counter from 1, taken by every accepted operation, also those
 * that end in an Error notification and those that never notify (SetInFocus, Monitor...), whether
 * it is shown or not (table above); refused operations (statusCode ≠ 0) and HTTP 503 consume
 * none.</li>
 * <li>HTTP statuses: 401 + statusCode 20 for bad credentials; 400 + statusCode 10 for malformed JSON,
 * unknown operationName or an operation posted to the wrong resource; 404 + statusCode 6 for an
 * unknown URL; 200 for every other answer.</li>
 * <li>SMS: channel name {@code smssession}, topic {@code /v2/me/smssessions}, message type
 * {@code SMSsessionStateChangeMessage}, object key {@code smssession}, {@code smssessionUri} +
 * {@code smssessionPath}; with {@code smsSpelling=smsession} the notifications use the variant
 * {@code smsession}, {@code smsessionUri}, {@code smsessionPath} of seeds/sms-invite.txt (GET
 * resources keep {@code smssession}).</li>
 * <li>Ready/NotReady on {@code /api/v2/me} apply to every logged-in channel; before
 * StartContactCenterSession they answer statusCode 2. StartContactCenterSession with unknown
 * channels logs in the known ones and answers statusCode 7 (with the referenceId where the table
 * puts one in its answer; its notification lists the known channels). EndContactCenterSession
 * publishes LoggedOut for the channels it logs out, then ends the HTTP session; interactions in
 * progress are left as they are.</li>
 * <li>Offers: StatusChange Invited with capabilities Accept, Reject, the participants the invitee can
 * see (the customer for a routed offer) and userData. Offer timeout → Revoked; a routed contact is
 * then re-routed, an invitation fails. Re-routing after a reject / timeout / transfer to a queue
 * prefers other agents but offers again to the same agent when only it is free. A contact injected
 * for one agent goes to anyone once that agent refused it.</li>
 * <li>Capacity ({@code maxInteractionsPerAgent}) counts an agent's Invited + Chatting interactions
 * across media, routed and invited alike; supervisors' monitoring parts do not count. LeftChat frees
 * capacity.</li>
 * <li>The customer: joins with ParticipantJoined and one Text before routing; other agents' and
 * customers' events carry no referenceId.</li>
 * <li>Accept: StatusChange Chatting has an empty participants list, then ParticipantsUpdated, then
 * MessageLogUpdated with the visible history up to the agent's ParticipantJoined.</li>
 * <li>Completed and Revoked StatusChange notifications have an empty participants list and no
 * capabilities. Leave → LeftChat (its StatusChange lists the participants). The interaction ends when
 * no agent (supervisors aside) is chatting: supervisors and open offers get Revoked, agents in
 * LeftChat stay until they Complete. Complete's {@code queueName} is ignored.</li>
 * <li>Invite / Consult / Transfer to a user: the target is checked at once (statusCode 6 if unknown,
 * 2 if already a participant); not logged in on the media, at capacity, reject and offer timeout come
 * as an Error notification to the inviter with the operation's referenceId (unless
 * {@code referenceIds=none}). So the operation's success notifications mean "the invitee joined".
 * A consultant has visibility Agents. CancelConsult revokes the consultant, notifies nobody else on
 * success, and fails a still pending Consult with an Error.
 * Transfer: the transferrer gets StatusChange Completed (caused by the Transfer) once the
 * target accepted; to a queue ({@code queueName}, any name) at once, and the contact is re-routed
 * (unless another agent is still chatting).</li>
 * <li>Message visibility: Text/PushUrl/CustomNotice/typing All, the ToAgents variants and
 * SendCustomNoticeToAgents Agents; a monitoring supervisor's entries have visibility Supervisors.
 * Agents see All and Agents, supervisors see everything. Typing notifications are transcript
 * entries too. The sender gets its own entry.</li>
 * <li>SetDisposition / Attach / Update / DeleteUserData / AddComment: PropertiesUpdated with the whole
 * interaction object to the caller and the other chatting participants; Attach and
 * Update both merge. SetInFocus: no notification.</li>
 * <li>Supervisors: Monitor/Coach/BargeIn only arm (HTTP answer, no notification), default AllChats.
 * When the agent next accepts, the supervisor joins with visibility Supervisors / Agents / All:
 * with {@code monitoredDelivery=added} (the default, documented [C]) at once, in Chatting, with
 * StatusChange, ParticipantsUpdated and MessageLogUpdated (the history it may see) after the
 * agent's own Accept notifications; with {@code offered} (the old behaviour [A]) it gets an Invited
 * offer it must Accept. Either way the others see what they see when a supervisor joins in that
 * mode. Intrude always offers [C]. Switching to the current mode is statusCode 2; SwitchTo* by a
 * user without the supervisor role is 5, by a supervisor taking part as an agent 2. Intrude without
 * {@code supervisorVisibilityMode} uses the armed mode, else statusCode 1. Monitoring oneself is 2.</li>
 * <li>Error notifications for channel operations (errorRate) use messageType
 * ChannelStateChangeMessageV2. errorRate applies only to operations that notify.</li>
 * <li>The operation's effect is applied when the request is handled; {@code processingDelay} delays its
 * notifications (and the routing it triggers), not the state change. Notifications of different
 * operations racing on one interaction may interleave.</li>
 * <li>Idle HTTP sessions expire (CometD traffic keeps them alive) without logging the agent out. A
 * forced disconnect removes the CometD session as if it had expired (the client re-handshakes); the
 * user's state is kept. An agent's state is per user, shared by all its HTTP and CometD sessions;
 * a notification goes to every CometD session of its user (none: counted as undeliverable).</li>
 * <li>Interaction objects carry {@code id, uri, path, state, chatType} ({@code Inbound}),
 * {@code receivedDate}, {@code capabilities} (omitted when finished), {@code participants},
 * {@code userData} and {@code comment} once set. Participants carry {@code participantId, type,
 * nickname, uri, path, visibility} (the customer no uri/path). Timestamps are UTC
 * ({@code 2014-01-02T14:23:18.109+0000}); {@code timestampSeconds} is epoch milliseconds. Transcript
 * indices start at 1 and are contiguous.</li>
 * <li>Accept's {@code nickname} renames the agent in this interaction; {@code saveLAR},
 * {@code treatAs}, {@code messageType} and Complete's {@code queueName} are accepted and ignored.
 * A typing notification's optional {@code text} is carried as the entry's text (typing preview).</li>
 * <li>While monitoring is armed a supervisor gets nothing on {@code /v2/me/channels}; a supervisor
 * who is Ready on a channel takes routed contacts like an agent.</li>
 * <li>Methods other than GET and POST answer HTTP 405 with statusCode 10.</li>
 * </ul>
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
            this.gateway = new CometdGateway(bayeux, webSessions, auth, truth, watch);
            Notifier notifier = new Notifier(gateway, truth, knobs::get, scheduler, delivery);
            this.centre = new ContactCentre(baseUrl, users, notifier, truth, scheduler, knobs::get);

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
            context.addServlet(new ServletHolder("sim-control", new ControlServlet(this)), "/sim/*");
            bayeux.setOption(Context.class.getName(), context.getContext());
            context.insertHandler(WebSocketUpgradeHandler.from(server, context));
            server.setHandler(context);
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
                centre.loggedInCount(), centre.interactionCount(), centre.queuedCount());
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
        truth.reset();
    }

    /** Stops the server, CometD and every simulator thread; the port is closed when this returns. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
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
