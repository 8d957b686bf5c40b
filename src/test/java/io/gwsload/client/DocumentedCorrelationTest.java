package io.gwsload.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.collector.books.AccountingSnapshot;
import io.gwsload.collector.CollectorSettings;
import io.gwsload.collector.CompletedBy;
import io.gwsload.collector.rules.CompletionRules;
import io.gwsload.collector.Identity;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.tracker.OperationOutcome;
import io.gwsload.collector.OperationSpec;
import io.gwsload.collector.Outcome;
import io.gwsload.collector.WaitOutcome;
import io.gwsload.collector.WaitSpec;
import io.gwsload.simulator.model.ContactOptions;
import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * The client and collector against the simulator in each {@code referenceIds} mode (as documented, ids
 * everywhere, none at all), with and without notifications published before the HTTP answer: every
 * operation this project exists for completes OK with its Notified timing, and an Error notification
 * without an id ends the operation that caused it.
 */
class DocumentedCorrelationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private GwsSimulator simulator;
    private NotificationCollector collector;
    private final TrackedAgents trackers = new TrackedAgents(() -> collector);
    private ClientRuntime client;
    private final List<AgentConnection> agents = new ArrayList<>();

    static Stream<Arguments> modes() {
        return Stream.of("documented", "everywhere", "none")
                .flatMap(mode -> Stream.of(Arguments.of(mode, false), Arguments.of(mode, true)));
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
        assertEquals(0, books.unknown(), "every notification with an id was placed: " + books);
    }

    @ParameterizedTest(name = "referenceIds={0}, notifyBeforeResponse={1}")
    @MethodSource("modes")
    void everyOperationCompletesWithItsNotifiedTiming(String mode, boolean notifyFirst) throws Exception {
        simulator = GwsSimulator.start(SimulatorConfig.defaults().withAgents(2).withSupervisors(1));
        simulator.updateKnobs(Map.of("referenceIds", mode, "notifyBeforeResponse", notifyFirst));
        collector = new NotificationCollector(CollectorSettings.defaults().withScanInterval(Duration.ofMillis(10)));
        client = ClientRuntime.start(ClientSettings.of(simulator.baseUrl()));
        AgentConnection agent = loggedIn("agent0001");
        AgentConnection friend = loggedIn("agent0002");
        AgentConnection supervisor = loggedIn("supervisor001");
        ok(agent, OperationName.Ready, Media.CHAT, null, Map.of(), null);
        ok(agent, OperationName.Ready, Media.SMS, null, Map.of(), null);
        ok(friend, OperationName.Ready, Media.CHAT, null, Map.of(), null);
        ok(friend, OperationName.Ready, Media.SMS, null, Map.of(), null);

        // Chat: accept, invite (completes when the invitee joined), complete.
        String chat = simulator.injectContacts(Media.CHAT, 1, ContactOptions.defaults().withAgent("agent0001")).get(0);
        await(agent, n -> chat.equals(n.interactionId()) && "Invited".equals(n.state()));
        OperationOutcome accept = ok(agent, OperationName.Accept, Media.CHAT, chat, Map.of("nickname", "Agent One"), null);
        assertEquals(switch (mode) {
            case "everywhere" -> CompletedBy.BOTH;
            default -> CompletedBy.EFFECT;
        }, accept.completedBy(), mode);
        if (!mode.equals("none")) {
            assertTrue(accept.referenceId() >= 0, "Accept's id is learnt from its StatusChange when not answered");
        }
        invite(agent, friend, Media.CHAT, chat);
        ok(agent, OperationName.SendMessage, Media.CHAT, chat, Map.of("text", "Hello"), null);
        ok(agent, OperationName.Complete, Media.CHAT, chat, Map.of(), null);

        // SMS: the supervisor monitors, is added when the agent accepts, then barges in.
        String supervisorPath = ApiPaths.userChannel(agent.user().id(), Media.SMS);
        OperationOutcome monitor = tracker(supervisor).execute(supervisor, OperationSpec.httpOnly("Monitor", TIMEOUT), supervisorPath,
                Operation.of(OperationName.Monitor).with("supervisorMonitoringMode", "NextChat")).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, monitor.outcome(), monitor.message());
        String sms = simulator.injectContacts(Media.SMS, 1, ContactOptions.defaults().withAgent("agent0001")).get(0);
        await(agent, n -> sms.equals(n.interactionId()) && "Invited".equals(n.state()));
        ok(agent, OperationName.Accept, Media.SMS, sms, Map.of("nickname", "Agent One"), null);
        await(supervisor, n -> sms.equals(n.interactionId()) && "Chatting".equals(n.state()) && n.isStateChange());
        // With no processing delay the simulator may publish before it writes the answer: no order between the two.
        OperationOutcome barge = ok(supervisor, OperationName.SwitchToBargeIn, Media.SMS, sms, Map.of(), null);
        assertTrue(barge.httpMicros() >= 0, "both timings were taken");
        invite(agent, friend, Media.SMS, sms);
        ok(agent, OperationName.Complete, Media.SMS, sms, Map.of(), null);

        // An Error notification ends the operation that caused it, with or without an id on it.
        simulator.updateKnobs(Map.of("errorRate", 1.0));
        OperationOutcome error = op(agent, OperationName.NotReady, Media.CHAT, null, Map.of(), null);
        assertEquals(Outcome.ERROR_NOTIFICATION, error.outcome(), error.message());
        assertTrue(error.message().startsWith(mode.equals("none") ? "Error notification without referenceId: "
                : "Error notification for referenceId "), error.message());
    }

    // ---- helpers ----

    private AgentConnection loggedIn(String username) throws Exception {
        AgentConnection agent = newAgent(client, Credentials.agent(username, "password"));
        agents.add(agent);
        agent.login().get(10, TimeUnit.SECONDS);
        agent.connect().get(10, TimeUnit.SECONDS);
        Operation start = Operation.of(OperationName.StartContactCenterSession).with("channels", List.of("chat", "smssession"));
        OperationOutcome o = tracker(agent).execute(agent, OperationSpec.awaiting("StartContactCenterSession", TIMEOUT)
                .expecting(CompletionRules.of(OperationName.StartContactCenterSession, null, null, start.parameters(),
                        Identity.UNKNOWN, Identity.UNKNOWN)), ApiPaths.ME, start).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, o.outcome(), o.message());
        return agent;
    }

    private void invite(AgentConnection inviter, AgentConnection invitee, Media media, String id) throws Exception {
        CompletableFuture<OperationOutcome> invite = execute(inviter, OperationName.Invite, media, id,
                Map.of("targetUri", invitee.user().uri()), new Identity(invitee.user().id(), "Friend"));
        await(invitee, n -> id.equals(n.interactionId()) && "Invited".equals(n.state()));
        ok(invitee, OperationName.Accept, media, id, Map.of("nickname", "Friend"), null);
        OperationOutcome o = invite.get(15, TimeUnit.SECONDS);
        assertEquals(Outcome.OK, o.outcome(), "Invite: " + o.message());
        assertTrue(o.notifiedMicros() > 0);
    }

    private OperationOutcome ok(AgentConnection agent, OperationName name, Media media, String id, Map<String, ?> params,
            Identity target) throws Exception {
        OperationOutcome o = op(agent, name, media, id, params, target);
        assertEquals(Outcome.OK, o.outcome(), name + ": " + o.message());
        assertNotNull(o.completedBy());
        assertTrue(o.notifiedMicros() >= 0 && o.notification() != null, name + " completed by a notification");
        return o;
    }

    private OperationOutcome op(AgentConnection agent, OperationName name, Media media, String id, Map<String, ?> params,
            Identity target) throws Exception {
        return execute(agent, name, media, id, params, target).get(15, TimeUnit.SECONDS);
    }

    private CompletableFuture<OperationOutcome> execute(AgentConnection agent, OperationName name, Media media,
            String id, Map<String, ?> params, Identity target) {
        Operation operation = Operation.of(name);
        for (Map.Entry<String, ?> p : params.entrySet()) {
            operation = operation.with(p.getKey(), p.getValue());
        }
        Identity me = new Identity(agent.user().id(), null);
        OperationSpec spec = OperationSpec.awaiting(name.name(), TIMEOUT)
                .expecting(CompletionRules.of(name, media, id, operation.parameters(), me, target));
        return tracker(agent).execute(agent, spec, ApiPaths.forOperation(name, media, id, null), operation);
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
