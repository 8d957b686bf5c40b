package io.gwsload.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.collector.books.AccountingSnapshot;
import io.gwsload.collector.CollectorSettings;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.tracker.OperationOutcome;
import io.gwsload.collector.OperationSpec;
import io.gwsload.collector.Outcome;
import io.gwsload.collector.WaitOutcome;
import io.gwsload.collector.WaitSpec;
import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * The agent client and the collector against the real embedded simulator, its fault knobs on: real
 * HTTP, real CometD. Every test ends with the books balanced: sent = OK + KO, nothing pending.
 */
class ClientCollectorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private GwsSimulator simulator;
    private NotificationCollector collector;
    private final TrackedAgents trackers = new TrackedAgents(() -> collector);
    private ClientRuntime client;
    private final List<AgentConnection> agents = new ArrayList<>();

    @BeforeEach
    void start() {
        simulator = GwsSimulator.start(SimulatorConfig.defaults().withAgents(6).withSupervisors(1));
        // These tests are about the referenceId rules (early, late, duplicate by id): ids everywhere.
        // GWS as documented, with ids missing, is DocumentedCorrelationTest's.
        simulator.updateKnobs(Map.of("referenceIds", "everywhere"));
        collector = new NotificationCollector(CollectorSettings.defaults().withScanInterval(Duration.ofMillis(10)));
        client = ClientRuntime.start(ClientSettings.of(simulator.baseUrl()));
    }

    @AfterEach
    void stop() {
        agents.forEach(AgentConnection::abort);
        collector.close();
        AccountingSnapshot books = collector.accounting().snapshot();
        client.close();
        simulator.close();
        assertEquals(books.sent() + books.unsent(), books.ok() + books.ko(), "sent = OK + KO: " + books);
        assertEquals(0, books.pending(), books.toString());
    }

    @Test
    void anAgentLogsInTakesAnOfferAndAcceptsIt() throws Exception {
        AgentConnection agent = loggedIn("agent0001");
        assertTrue(agent.hasCsrfToken(), "the CSRF token from GET /me is kept and sent");
        assertEquals(Outcome.OK, op(agent, OperationName.Ready, Media.CHAT, null).outcome());

        simulator.injectContacts(Media.CHAT, 1);
        WaitOutcome offer = await(agent, n -> "Invited".equals(n.state()));
        String chatId = offer.notification().interactionId();
        assertNotNull(chatId);

        OperationOutcome accept = tracker(agent).execute(agent, OperationSpec.awaiting("Accept", TIMEOUT)
                .completingOn(Notification::isMessageLog, "MessageLogUpdated"), ApiPaths.interaction(Media.CHAT, chatId),
                Operation.of(OperationName.Accept).with("nickname", "Agent One")).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, accept.outcome(), accept.message());
        assertTrue(accept.notification().hasMessageOfType("ParticipantJoined"));
        assertEquals(accept.referenceId(), accept.notification().referenceId());
        assertTrue(accept.httpEndNanos() >= accept.startNanos() && accept.endNanos() >= accept.startNanos());
        AccountingSnapshot books = collector.accounting().snapshot();
        assertTrue(books.followUps() >= 1, "StatusChange and ParticipantsUpdated came before the awaited one");
        assertEquals(0, books.unknown());
    }

    @Test
    void afterTheTargetForgetsEveryoneTheAgentsLogInAgainNoFasterThanTheReloginRate() throws Exception {
        client.close();
        client = ClientRuntime.start(ClientSettings.of(simulator.baseUrl()).withReloginRate(4)); // 250 ms apart
        List<AgentConnection> team = List.of(loggedIn("agent0001"), loggedIn("agent0002"), loggedIn("agent0003"));
        assertEquals(3, simulator.expireSessions(null), "every HTTP session ends, as when GWS restarts");
        long forgotten = System.nanoTime();
        List<CompletableFuture<OperationOutcome>> refused = new ArrayList<>();
        for (AgentConnection agent : team) { // each meets its dead session and starts its login again
            refused.add(tracker(agent).execute(agent, OperationSpec.awaiting("Ready", TIMEOUT),
                    ApiPaths.channel(Media.CHAT), Operation.of(OperationName.Ready)));
        }
        for (CompletableFuture<OperationOutcome> f : refused) {
            assertEquals(Outcome.SESSION_EXPIRED, f.get(10, TimeUnit.SECONDS).outcome());
        }
        long last = 0;
        for (AgentConnection agent : team) { // each next POST waits for its agent's login again
            OperationOutcome o = op(agent, OperationName.NotReady, Media.CHAT, null);
            assertEquals(Outcome.OK, o.outcome(), o.message());
            last = Math.max(last, o.endNanos());
        }
        // Three logins at 4 per second: the third starts no sooner than 500 ms after the first (unpaced: ~50 ms).
        assertTrue(last - forgotten >= TimeUnit.MILLISECONDS.toNanos(500), (last - forgotten) / 1_000_000 + " ms");
    }

    @Test
    void notificationsPublishedBeforeTheHttpAnswerAreNeverLost() throws Exception {
        simulator.updateKnobs(Map.of("notifyBeforeResponse", true));
        List<AgentConnection> team = List.of(loggedIn("agent0001"), loggedIn("agent0002"), loggedIn("agent0003"));
        List<CompletableFuture<OperationOutcome>> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            for (AgentConnection agent : team) {
                OperationName name = i % 2 == 0 ? OperationName.Ready : OperationName.NotReady;
                all.add(tracker(agent).execute(agent, OperationSpec.awaiting(name.name(), TIMEOUT), ApiPaths.channel(Media.CHAT),
                        Operation.of(name)));
            }
        }
        for (CompletableFuture<OperationOutcome> f : all) {
            OperationOutcome o = f.get(20, TimeUnit.SECONDS);
            assertEquals(Outcome.OK, o.outcome(), o.message());
        }
        AccountingSnapshot books = collector.accounting().snapshot();
        assertTrue(books.matchedEarly() > 0, "the notification did come first: " + books);
        assertEquals(0, books.unknown(), books.toString());
    }

    @Test
    void aDroppedNotificationEndsAsATimeoutWithItsReferenceId() throws Exception {
        AgentConnection agent = loggedIn("agent0001");
        simulator.updateKnobs(Map.of("dropRate", 1.0));
        OperationOutcome o = tracker(agent).execute(agent, OperationSpec.awaiting("Ready", Duration.ofMillis(300)),
                ApiPaths.channel(Media.CHAT), Operation.of(OperationName.Ready)).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.TIMEOUT, o.outcome());
        assertTrue(o.httpOk(), "the POST itself was fine");
        assertEquals("no notification for referenceId " + o.referenceId() + " within 300 ms", o.message());
        assertEquals(1, collector.latencies().stats("Ready").koCount(Outcome.TIMEOUT));
    }

    @Test
    void duplicatesAreCountedAndDoNotEndAnythingTwice() throws Exception {
        AgentConnection agent = loggedIn("agent0001");
        simulator.updateKnobs(Map.of("duplicateRate", 1.0));
        assertEquals(Outcome.OK, op(agent, OperationName.Ready, Media.CHAT, null).outcome());
        simulator.updateKnobs(Map.of("duplicateRate", 0.0));
        // Notifications of one session arrive in order: once this one is in, the duplicate above is too.
        assertEquals(Outcome.OK, op(agent, OperationName.NotReady, Media.CHAT, null).outcome());
        assertEquals(1, collector.accounting().snapshot().duplicates());
    }

    @Test
    void aNotificationAfterTheTimeoutIsCountedLate() throws Exception {
        AgentConnection agent = loggedIn("agent0001");
        simulator.updateKnobs(Map.of("delayRate", 1.0, "delayExtra", "fixed:400"));
        OperationOutcome timedOut = tracker(agent).execute(agent, OperationSpec.awaiting("Ready", Duration.ofMillis(100)),
                ApiPaths.channel(Media.CHAT), Operation.of(OperationName.Ready)).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.TIMEOUT, timedOut.outcome());
        // Held back by the same 400 ms and published after it, so it arrives after the late one.
        OperationOutcome next = op(agent, OperationName.NotReady, Media.CHAT, null);
        assertEquals(Outcome.OK, next.outcome(), next.message());
        assertTrue(next.notifiedMicros() >= 400_000, "the delay knob held it back: " + next.notifiedMicros());
        assertEquals(1, collector.accounting().snapshot().late());
    }

    @Test
    void errorNotificationsAndStatusCodesEndAsKoWithTheServersWords() throws Exception {
        AgentConnection agent = loggedIn("agent0001");
        OperationOutcome notFound = op(agent, OperationName.Accept, Media.CHAT, "0000NoSuchChat00");
        assertEquals(Outcome.STATUS_CODE, notFound.outcome());
        assertTrue(notFound.message().startsWith("statusCode 6 (resource not found)"), notFound.message());

        simulator.updateKnobs(Map.of("errorRate", 1.0));
        OperationOutcome error = op(agent, OperationName.Ready, Media.CHAT, null);
        assertEquals(Outcome.ERROR_NOTIFICATION, error.outcome());
        assertTrue(error.message().startsWith("Error notification for referenceId " + error.referenceId() + ": "),
                error.message());
        assertEquals(error.referenceId(), error.notification().referenceId());

        simulator.updateKnobs(Map.of("errorRate", 0.0, "http503Rate", 1.0));
        OperationOutcome unavailable = op(agent, OperationName.Ready, Media.CHAT, null);
        assertEquals(Outcome.HTTP_STATUS, unavailable.outcome());
        assertTrue(unavailable.message().startsWith("HTTP 503"), unavailable.message());
        assertEquals(3, collector.accounting().snapshot().ko());
    }

    @Test
    void aForcedDisconnectEndsWaitingOperationsAsSessionLostAndTheAgentCarriesOn() throws Exception {
        AgentConnection agent = loggedIn("agent0001");
        String firstSession = agent.cometdSessionId();
        simulator.updateKnobs(Map.of("processingDelay", "fixed:1500"));
        CompletableFuture<OperationOutcome> pending = tracker(agent).execute(agent, OperationSpec.awaiting("Ready", TIMEOUT),
                ApiPaths.channel(Media.CHAT), Operation.of(OperationName.Ready));
        assertEquals(1, simulator.disconnect(List.of("agent0001")));
        OperationOutcome lost = pending.get(15, TimeUnit.SECONDS);
        assertEquals(Outcome.SESSION_LOST, lost.outcome(), lost.message());
        assertTrue(agent.handshakes() >= 2, "the client re-handshook");
        assertTrue(!firstSession.equals(agent.cometdSessionId()));

        simulator.updateKnobs(Map.of("processingDelay", "fixed:0"));
        assertEquals(Outcome.OK, op(agent, OperationName.NotReady, Media.CHAT, null).outcome(),
                "subscriptions were renewed on the new session");
        assertEquals(1, collector.accounting().snapshot().sessionLosses());
    }

    @Test
    void theWebSocketTransportWorksToo() throws Exception {
        client.close();
        client = ClientRuntime.start(ClientSettings.of(simulator.baseUrl()).withTransport(Transport.WEBSOCKET));
        AgentConnection agent = loggedIn("agent0001");
        assertEquals(Outcome.OK, op(agent, OperationName.Ready, Media.CHAT, null).outcome());
    }

    @Test
    void wrongCredentialsAndAnUnreachableUrlFailWithOneSentence() throws Exception {
        AgentConnection wrong = newAgent(client, Credentials.agent("agent0001", "not-the-password"));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> wrong.login().get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().startsWith("GWS refused the credentials of agent0001 (HTTP 401, "
                + "statusCode 20"), refused.getCause().getMessage());

        int port = simulator.port();
        simulator.close();
        try (ClientRuntime nowhere = ClientRuntime.start(ClientSettings.of("http://127.0.0.1:" + port))) {
            AgentConnection agent = newAgent(nowhere, Credentials.agent("agent0001", "password"));
            ExecutionException down = assertThrows(ExecutionException.class,
                    () -> agent.login().get(10, TimeUnit.SECONDS));
            assertTrue(down.getCause().getMessage().endsWith("failed: connection refused"), down.getCause().getMessage());
        }
    }

    @Test
    void anIdleConnectionIsClosedByTheClientAfterItsKeepAliveButASlowAnswerIsNotCutByIt() throws Exception {
        client.close();
        client = ClientRuntime.start(ClientSettings.of(simulator.baseUrl()).withKeepAlive(Duration.ofMillis(200)));
        AgentConnection agent = loggedIn("agent0001");
        // An answer that takes longer than the keep-alive: a request in flight has the longer idle timeout.
        simulator.updateKnobs(Map.of("answerDelay", "fixed:600"));
        OperationOutcome slow = op(agent, OperationName.Ready, Media.CHAT, null);
        assertEquals(Outcome.OK, slow.outcome(), slow.message());
        // Idle, the POST connections are closed by the client itself (the simulator keeps idle ones 60 s): a request
        // can never meet a connection the target is closing.
        org.eclipse.jetty.client.Destination rest = client.http().getDestinations().stream()
                .filter(d -> d.getOrigin().getTag() == null).findFirst().orElseThrow();
        org.eclipse.jetty.client.AbstractConnectionPool pool =
                (org.eclipse.jetty.client.AbstractConnectionPool) rest.getConnectionPool();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.getConnectionCount() > 0 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polled, with a deadline
        }
        assertEquals(0, pool.getConnectionCount(), "idle REST connections are closed after the keep-alive: " + pool);
        assertEquals(Outcome.OK, op(agent, OperationName.NotReady, Media.CHAT, null).outcome(), "and new ones opened");
    }

    @Test
    void noCometdClientLeavesItsLoggerBehindNotEvenAfterALoginAgain() throws Exception {
        // Logback keeps every logger it made, and each CometD client names one after itself: a run that logs in
        // thousands of agents, again and again, must not grow logback's tree with them.
        assertTrue(CometdClientLoggers.active(), "the generator's logging back end is logback");
        long before = clientLoggers();
        AgentConnection first = loggedIn("agent0001");
        loggedIn("agent0002");
        first.connect().get(10, TimeUnit.SECONDS); // a new CometD client for the same agent, as a login again makes
        assertEquals(before, clientLoggers(), "three CometD clients, no logger of theirs left in logback");
    }

    /** Loggers CometD named after one of its clients ({@code org.cometd.client.BayeuxClient.<hash>}) in logback now. */
    private static long clientLoggers() {
        return ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getLoggerList()
                .stream().filter(l -> l.getName().startsWith(org.cometd.client.BayeuxClient.class.getName() + "."))
                .count();
    }

    // ---- helpers ----

    private AgentConnection loggedIn(String username) throws Exception {
        AgentConnection agent = newAgent(client, Credentials.agent(username, "password"));
        agents.add(agent);
        agent.login().get(10, TimeUnit.SECONDS);
        agent.connect().get(10, TimeUnit.SECONDS);
        OperationOutcome start = tracker(agent).execute(agent, OperationSpec.awaiting("StartContactCenterSession", TIMEOUT), ApiPaths.ME,
                Operation.of(OperationName.StartContactCenterSession).with("channels", List.of("chat", "smssession")))
                .get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, start.outcome(), start.message());
        return agent;
    }

    private OperationOutcome op(AgentConnection agent, OperationName name, Media media, String id) throws Exception {
        String path = ApiPaths.forOperation(name, media, id, null);
        return tracker(agent).execute(agent, OperationSpec.awaiting(name.name(), TIMEOUT), path, Operation.of(name))
                .get(15, TimeUnit.SECONDS);
    }

    private WaitOutcome await(AgentConnection agent, java.util.function.Predicate<Notification> p) throws Exception {
        return trackers.awaitOk(agent, p, TIMEOUT);
    }

    /** A new agent of {@code runtime} whose events go to its own tracker of the test's collector. */
    private AgentConnection newAgent(ClientRuntime runtime, Credentials credentials) {
        return trackers.newAgent(runtime, credentials);
    }

    private io.gwsload.collector.tracker.AgentTracker tracker(AgentConnection agent) {
        return trackers.of(agent);
    }
}
