package io.gwsload.gatling.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gwsload.api.ApiPaths;
import io.gwsload.client.AgentConnection;
import io.gwsload.client.AgentEvents;
import io.gwsload.client.ClientRuntime;
import io.gwsload.client.Credentials;
import io.gwsload.client.CredentialsFile;
import io.gwsload.client.CredentialsPool;
import io.gwsload.client.Failures;
import io.gwsload.client.GwsClientException;
import io.gwsload.client.HttpAnswer;
import io.gwsload.client.UserDirectory;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.report.live.LiveMetrics;
import io.gwsload.report.run.RunRecorder;
import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * Everything one run shares, started once before load and closed once after: the embedded simulator
 * when no URL is given, the collector, the client runtime, the pool of credentials, the directory of
 * logged-in users and the run recorder. Gatling-free, so it can be started and checked in tests.
 *
 * <p>Starting checks what a user can get wrong (a bad credentials file, an unreachable URL, wrong
 * credentials) and fails with a {@link GwsSetupException} of one sentence, before any load.
 */
public final class GwsRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GwsRuntime.class);

    public final GwsConfig config;
    final GwsSimulator simulator;
    final String baseUrl;
    public final NotificationCollector collector;
    public final ClientRuntime client;
    public final CredentialsPool pool;
    public final UserDirectory directory = new UserDirectory();
    public final Rendezvous rendezvous = new Rendezvous();
    public final RunRecorder recorder;
    private final Set<AgentSession> live = ConcurrentHashMap.newKeySet();
    /** When the first virtual user acted (epoch ms): the start of injection, for capacity levels. */
    private final java.util.concurrent.atomic.AtomicLong firstActionMillis = new java.util.concurrent.atomic.AtomicLong(-1);
    private volatile boolean closed;

    private GwsRuntime(GwsConfig config, GwsSimulator simulator, String baseUrl, List<Credentials> credentials,
            String runName, PrintStream console) {
        this.config = config;
        this.simulator = simulator;
        this.baseUrl = baseUrl;
        this.collector = new NotificationCollector(config.collector());
        this.client = ClientRuntime.start(config.clientSettings(baseUrl));
        this.pool = new CredentialsPool(credentials);
        this.recorder = new RunRecorder(collector, config.resultsDirectory(), runName,
                config.describe(baseUrl, simulator != null),
                simulator == null ? null : () -> io.gwsload.api.Json.readMap(simulator.stats().toJson()),
                config.progressInterval().toMillis(), console);
        if (config.capacity() != null) {
            recorder.capacity(config.capacity(), firstActionMillis::get);
        }
        recorder.sampleEvery(config.get(HarnessSettings.SAMPLE_EVERY), this::structureSizes);
        installShutdownHook(console);
    }

    /** How long before Gatling's maximum duration pending operations end, while Gatling still takes records. */
    static final Duration END_MARGIN = Duration.ofMillis(500);

    /**
     * Gatling stops taking records when the run reaches {@code maxDuration}: the collector ends what is still
     * pending (as "stopped") and writes what it holds {@link #END_MARGIN} earlier, so that those outcomes are in
     * {@code simulation.log} too; operations begun after that are refused, recorded nowhere.
     */
    void endBefore(Duration maxDuration) {
        long delay = Math.max(0, maxDuration.minus(END_MARGIN).toMillis());
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(delay);
                if (!closed) {
                    collector.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gws-run-end");
        timer.setDaemon(true);
        endTimer = timer;
        timer.start();
    }

    private volatile Thread endTimer;

    /** When the first virtual user acted (epoch ms), or -1 before. */
    public long firstActionMillis() {
        return firstActionMillis.get();
    }

    /** The Prometheus endpoint ({@code -Dgws.metrics.port}), or null when off. */
    private volatile LiveMetrics metrics;

    private void startLiveMetrics(PrintStream console) {
        if (config.metricsPort() == 0) {
            return;
        }
        try {
            metrics = LiveMetrics.start(config.metricsPort(), collector, live::size);
        } catch (IOException | RuntimeException e) {
            throw new GwsSetupException("Live metrics could not listen on port " + config.metricsPort() + " ("
                    + e.getMessage() + "): choose another -Dgws.metrics.port, or 0 for none.", e);
        }
        recorder.liveMetrics(metrics);
        console.println("gws-load: live metrics at http://localhost:" + metrics.port() + "/metrics");
    }

    /** Called by every action; remembers when the first one ran. */
    public void acted() {
        if (firstActionMillis.get() < 0) {
            firstActionMillis.compareAndSet(-1, System.currentTimeMillis());
        }
    }

    /** Starts the run's shared pieces; fails with one sentence when the setup is wrong. */
    static GwsRuntime start(GwsConfig config, String runName, PrintStream console) {
        GwsSimulator simulator = null;
        List<Credentials> credentials;
        String url = config.baseUrl();
        if (url == null && !Shard.current().isWhole()) {
            throw new GwsSetupException("-Dgws.shard splits a test between generators against one GWS: give it "
                    + "-Dgws.url (and -Dgws.credentials) too; the embedded simulator is each run's own.");
        }
        try {
            if (url == null) {
                SimulatorConfig simConfig = config.simulatorConfig();
                simulator = GwsSimulator.start(simConfig);
                url = simulator.baseUrl();
                credentials = simulator.users().stream()
                        .map(u -> new Credentials(u.username(), u.password(), u.isSupervisor() ? "supervisor" : "agent",
                                u.nickname()))
                        .toList();
                console.println("gws-load: embedded GWS simulator at " + url + " with "
                        + credentials.stream().filter(c -> !c.isSupervisor()).count() + " agents and "
                        + credentials.stream().filter(Credentials::isSupervisor).count() + " supervisors");
            } else {
                if (config.credentialsFile() == null) {
                    throw new GwsSetupException("A real GWS at " + url + " needs a credentials file: pass "
                            + "-Dgws.credentials=agents.csv (lines username,password[,role[,nickname]]).");
                }
                credentials = CredentialsFile.read(config.credentialsFile());
                Shard shard = Shard.current();
                if (!shard.isWhole()) {
                    int all = credentials.size();
                    credentials = shard.slice(credentials, Credentials::isSupervisor);
                    if (credentials.isEmpty()) {
                        throw new GwsSetupException("Shard " + shard + " gets none of the " + all + " users in "
                                + config.credentialsFile() + ": give the file at least as many users as shards.");
                    }
                    console.println("gws-load: shard " + shard + " takes " + credentials.size() + " of the users in "
                            + config.credentialsFile());
                }
            }
        } catch (GwsSetupException e) {
            close(simulator);
            throw e;
        } catch (GwsClientException | IllegalArgumentException e) {
            close(simulator);
            throw new GwsSetupException(e.getMessage(), e);
        } catch (RuntimeException e) {
            close(simulator);
            throw new GwsSetupException("The embedded GWS simulator could not start: " + e.getMessage(), e);
        }
        try {
            DescriptorLimit.check(credentials.size(), simulator != null, console);
        } catch (GwsSetupException e) {
            close(simulator);
            throw e;
        }
        DescriptorLimit.preloadHotPath();
        GwsRuntime runtime;
        try {
            runtime = new GwsRuntime(config, simulator, url, credentials, runName, console);
        } catch (RuntimeException e) {
            close(simulator);
            throw new GwsSetupException(e.getMessage(), e);
        }
        try {
            runtime.startLiveMetrics(console);
            if (config.preflight()) {
                runtime.preflight(credentials.get(0));
                if (SimulationName.hasCustomers()) {
                    runtime.preflightCustomers();
                }
            }
            if (SimulationName.hasSms()) {
                runtime.startSms(console); // SMS Server must bind before load, whether or not preflight is on
            }
        } catch (GwsSetupException e) {
            runtime.abandon();
            throw e;
        }
        return runtime;
    }

    /**
     * Before load: the URL answers like GWS, and the first user's credentials are accepted. Each
     * failure is one sentence.
     */
    private void preflight(Credentials first) {
        try {
            HttpAnswer version = client.probe(ApiPaths.VERSION).get(20, TimeUnit.SECONDS);
            if (version.status() == 404) {
                LOG.info("{} has no {}; going on with the login check", baseUrl, ApiPaths.VERSION);
            }
        } catch (ExecutionException e) {
            throw new GwsSetupException("Cannot reach GWS at " + baseUrl + ": "
                    + Failures.describe(e.getCause()) + ".", e.getCause());
        } catch (TimeoutException e) {
            throw new GwsSetupException("GWS at " + baseUrl + " did not answer within 20 s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GwsSetupException("Interrupted while checking GWS at " + baseUrl + ".", e);
        }
        AgentConnection probe = client.newAgent(first, AgentEvents.NONE);
        try {
            probe.login().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new GwsSetupException(e.getCause() instanceof GwsClientException g ? g.getMessage()
                    : "Logging in " + first.username() + " at " + baseUrl + " failed: " + Failures.describe(e.getCause()) + ".",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new GwsSetupException("Logging in " + first.username() + " at " + baseUrl
                    + " got no answer within 20 s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GwsSetupException("Interrupted while logging in " + first.username() + ".", e);
        }
    }

    /**
     * The harness's bounded structures, summed over the agents logged in now, with the collector's held completions
     * and the customers' conversations in progress: what a long run must show flat.
     */
    private java.util.Map<String, Long> structureSizes() {
        java.util.Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        sizes.put("agents", (long) live.size());
        for (AgentSession agent : live) {
            agent.tracker().addSizes(sizes);
        }
        sizes.put("heldCompletions", (long) collector.heldCompletions());
        io.gwsload.customer.CustomerRuntime c = customersIfStarted();
        sizes.put("customerChats", c == null ? 0L : c.openChats());
        sizes.put("customerConversationsTracked", c == null ? 0L : c.conversationsTracked());
        io.gwsload.customer.SmsCustomers s;
        synchronized (this) {
            s = sms;
        }
        sizes.put("smsConversations", s == null ? 0L : s.openConversations());
        return sizes;
    }

    private io.gwsload.customer.SmsCustomers sms;

    /** The run's SMS customers; {@link #startSms} started them before load. */
    public synchronized io.gwsload.customer.SmsCustomers sms() {
        if (sms == null) {
            throw new IllegalStateException("the SMSC was not started: SMS steps must be built in the simulation");
        }
        return sms;
    }

    /**
     * Before load, for a simulation with SMS steps: starts the SMSC, binds the embedded simulator's SMS Server
     * stand-in to it (or waits for a real SMS Server to bind), each failure one sentence.
     */
    private void startSms(PrintStream console) {
        Integer configuredPort = config.get(HarnessSettings.SMSC_PORT);
        int port = configuredPort != null ? configuredPort : simulator != null ? 0
                : io.gwsload.customer.SmsSettings.DEFAULT_PORT;
        String systemId = config.get(HarnessSettings.SMSC_SYSTEM_ID);
        String password = config.get(HarnessSettings.SMSC_PASSWORD);
        Duration bindTimeout = config.get(HarnessSettings.SMSC_BIND_TIMEOUT);
        io.gwsload.customer.SmsSettings settings;
        try {
            settings = new io.gwsload.customer.SmsSettings(port, systemId, password,
                    config.get(HarnessSettings.SMS_SERVICE_NUMBER), config.get(HarnessSettings.SMS_FIRST_NUMBER),
                    bindTimeout, config.get(HarnessSettings.REQUEST_TIMEOUT), simulator != null);
        } catch (IllegalArgumentException e) {
            throw new GwsSetupException("-Dgws.sms.firstNumber: " + e.getMessage() + ".", e);
        }
        io.gwsload.customer.SmsCustomers started;
        try {
            started = io.gwsload.customer.SmsCustomers.start(customers(), settings);
        } catch (java.io.IOException e) {
            throw new GwsSetupException("The SMSC cannot listen on port " + port + " (-Dgws.smsc.port): "
                    + e.getMessage() + ".", e);
        }
        synchronized (this) {
            sms = started;
        }
        customers().attachBooks("sms", started::books);
        int listening = started.smsc().port();
        try {
            if (simulator != null) {
                simulator.bindSmsServer("127.0.0.1", listening, systemId, password);
            } else {
                console.println("gws-load: SMSC listening on port " + listening + "; waiting up to "
                        + bindTimeout.toSeconds() + " s for SMS Server to bind as '" + systemId + "'");
            }
            started.smsc().firstBind().get(bindTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.io.IOException e) {
            throw new GwsSetupException(e.getMessage() + ".", e);
        } catch (TimeoutException | ExecutionException e) {
            String refusal = started.smsc().lastRefusal();
            throw new GwsSetupException("No SMS Server bound to the SMSC on port " + listening + " within "
                    + bindTimeout.toSeconds() + " s" + (refusal != null ? " (" + refusal + ")" : "")
                    + "; set SMS Server's x-smpp-host to this machine, x-smpp-port to " + listening
                    + " and x-smpp-system-id to '" + systemId + "'.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GwsSetupException("Interrupted while waiting for SMS Server to bind.", e);
        }
    }

    private void closeSms() {
        io.gwsload.customer.SmsCustomers s;
        synchronized (this) {
            s = sms;
        }
        if (s != null) {
            s.close();
        }
    }

    /** Before load, for a simulation with customer steps: the GMS Chat API answers at {@code gws.gms.url}. */
    private void preflightCustomers() {
        try {
            String failure = customers().probe().get(20, TimeUnit.SECONDS);
            if (failure != null) {
                throw new GwsSetupException(failure, null);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new GwsSetupException("GMS at " + customers().settings().chatUrl() + " did not answer within 20 s.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GwsSetupException("Interrupted while checking GMS.", e);
        }
    }

    public void register(AgentSession agent) {
        live.add(agent);
    }

    void unregister(AgentSession agent) {
        live.remove(agent);
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * End of run, normal or cut short: what is still pending ends as "stopped", agents still logged in
     * are logged out (at most {@link #LOGOUT_LIMIT}), the summary is written (with the simulator's ground
     * truth), then the client and simulator stop. Each step is guarded: one failing loses none of the others.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            closeSteps();
        } finally {
            closeDone.countDown();
        }
    }

    /** Counted down when {@link #close()} has run all its steps: the shutdown hook waits for it. */
    private final java.util.concurrent.CountDownLatch closeDone = new java.util.concurrent.CountDownLatch(1);

    private void closeSteps() {
        Thread timer = endTimer;
        if (timer != null) {
            timer.interrupt();
        }
        guarded("ending pending operations", collector::close);
        guarded("releasing rendezvous waits", rendezvous::close);
        guarded("closing the SMSC", this::closeSms);
        guarded("disconnecting customers", this::closeCustomers);
        guarded("logging agents out", this::logOutLiveAgents);
        guarded("writing the summary", recorder::close);
        if (config.afterRun() != null && recorder.hasSummary()) {
            guarded("the afterRun action", () -> config.afterRun().accept(recorder.directory()));
        }
        guarded("waiting for CometD disconnects", this::awaitDisconnects);
        guarded("stopping the client", client::close);
        guarded("stopping the simulator", () -> close(simulator));
        guarded("stopping the live metrics", this::closeMetrics);
        if (shutdownHook != null && !Thread.currentThread().equals(shutdownHook)) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    /** CometD disconnects sent and not yet answered: the end of the run waits for them (the target keeps nothing). */
    private final java.util.Set<CompletableFuture<Void>> disconnecting =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void awaitDisconnects() {
        List<CompletableFuture<Void>> pending = new ArrayList<>(disconnecting);
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(LOGOUT_LIMIT.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("{} CometD disconnects were not answered within {} s", disconnecting.size(),
                    LOGOUT_LIMIT.toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            // a failed disconnect leaves the session to the server's timeout: nothing more to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private io.gwsload.customer.CustomerRuntime customers;

    /**
     * The run's simulated customers, started on first use (a run without customers pays nothing): they reach the
     * GMS Chat API at {@code gws.gms.url} (by default the embedded simulator's) with the agents' HTTP client, and
     * see every agent notification, to time customers' messages to the agents.
     */
    public synchronized io.gwsload.customer.CustomerRuntime customers() {
        if (customers == null) {
            String url = config.get(HarnessSettings.GMS_URL);
            boolean embedded = url == null && simulator != null;
            if (url == null) {
                url = client.settings().baseUrl() + "/genesys/2/chat";
            }
            io.gwsload.customer.GmsSettings gms = new io.gwsload.customer.GmsSettings(url,
                    config.get(HarnessSettings.GMS_SERVICE), config.get(HarnessSettings.GMS_POLL_INTERVAL),
                    config.get(HarnessSettings.GMS_API_KEY), config.get(HarnessSettings.REQUEST_TIMEOUT), embedded,
                    config.get(HarnessSettings.GMS_DYNAMIC_POLLING), config.get(HarnessSettings.GMS_COMETD),
                    config.get(HarnessSettings.CUSTOMER_API), client.settings().baseUrl()
                            + io.gwsload.api.ApiPaths.CUSTOMER_CHATS, config.get(HarnessSettings.CONTACT_CENTER_ID),
                    config.get(HarnessSettings.GMS_HEADERS));
            io.gwsload.customer.CustomerRuntime started = new io.gwsload.customer.CustomerRuntime(client.httpClient(),
                    gms);
            collector.tap(started::onAgentNotification);
            recorder.customers(started::books);
            customers = started;
        }
        return customers;
    }

    /** The run's customers if any step used them, else null. */
    public synchronized io.gwsload.customer.CustomerRuntime customersIfStarted() {
        return customers;
    }

    private void closeCustomers() {
        io.gwsload.customer.CustomerRuntime c = customersIfStarted();
        if (c != null) {
            c.close(LOGOUT_LIMIT);
        }
    }

    /** How long the end of a run waits for agents still logged in to be logged out. */
    static final Duration LOGOUT_LIMIT = Duration.ofSeconds(5);

    private void logOutLiveAgents() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (AgentSession agent : live) {
            pending.add(agent.connection().endSessionQuietly(LOGOUT_LIMIT));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(LOGOUT_LIMIT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Not every agent was logged out within {} s", LOGOUT_LIMIT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AgentSession agent : live) {
            agent.connection().abort();
        }
        live.clear();
    }

    private static void guarded(String step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.error("gws-load: {} failed; going on with the rest of the end of the run", step, e);
        }
    }

    /**
     * Ctrl-C (or any JVM exit before Gatling's end): the run still ends cleanly, and says where its results
     * are. Gatling registers no hook of its own.
     */
    private void installShutdownHook(PrintStream console) {
        shutdownHook = new Thread(() -> {
            if (!closed) {
                console.println("gws-load: interrupted: ending pending operations as stopped, logging agents out, "
                        + "writing the summary");
                close();
            }
            try {
                // A close already under way on Gatling's thread: let it finish before the JVM halts.
                closeDone.await(LOGOUT_LIMIT.toSeconds() + 15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gws-load-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private Thread shutdownHook;

    /** A failed start: nothing was measured, so no summary is written and the run folder goes. */
    private void abandon() {
        closed = true;
        closeDone.countDown();
        guarded("discarding the run folder", recorder::discard);
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        collector.close();
        rendezvous.close();
        closeSms();
        closeCustomers();
        client.close();
        close(simulator);
        closeMetrics();
    }

    private void closeMetrics() {
        if (metrics != null) {
            metrics.close();
        }
    }

    private static void close(GwsSimulator simulator) {
        if (simulator != null) {
            try {
                simulator.close();
            } catch (RuntimeException e) {
                LOG.warn("The embedded simulator did not stop cleanly", e);
            }
        }
    }

    /** Gives a logged-out (or failed) agent's user back: unregistered, withdrawn, disconnected, returned to the pool. */
    public void release(AgentSession agent) {
        unregister(agent);
        rendezvous.withdraw(agent.credentials().username());
        CompletableFuture<Void> disconnected = agent.connection().disconnect(); // aborts one still handshaking
        if (!disconnected.isDone()) {
            disconnecting.add(disconnected);
            disconnected.whenComplete((ok, error) -> disconnecting.remove(disconnected));
        }
        if (agent.pooled()) {
            pool.release(agent.credentials());
        }
    }
}
