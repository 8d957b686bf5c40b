package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.Params;

/**
 * Supervisors barging into SMS sessions: each supervisor takes a free agent, arms monitoring of its
 * SMS sessions ({@code Monitor}, {@code AllChats}), takes each monitored session (added at once, as GWS
 * documents it, or offered and accepted, as some deployments do: {@code awaitMonitored}), switches to
 * barge-in and writes to the customer. The agent writes, waits until the supervisor has barged in and
 * spoken, then completes.
 *
 * <p>Parameters: {@code -Dsupervisors=3} (and as many agents), {@code -Dduration=60s},
 * {@code -DthinkTime=1s}, {@code -DmaxBargeInP99Ms=1000} (assertion).
 */
public class SupervisorBargeInSimulation extends Simulation {
    private final int supervisors = Params.perShard("supervisors", 3, 1, 10_000);
    private final Duration duration = Params.duration("duration", "60s");
    private final Duration thinkTime = Params.duration("thinkTime", "1s");
    private final int maxBargeInP99Ms = Params.integer("maxBargeInP99Ms", 1000, 1, 600_000);

    private final GwsProtocolBuilder gwsProtocol = gws().channels(SMS).simulatorUsers(supervisors, supervisors);

    private static final String SUPERVISOR_TEXT = "$.messages[?(@.type == 'Text' && @.from.type == 'Agent')]";

    /** Each agent waits once until its supervisor monitors all its SMS sessions, then takes SMS after SMS. */
    private final ScenarioBuilder agents = scenario("SMS agents")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(gws("Ready").ready(SMS), publishAgent("agents"),
                    takeAgent("armed-#{gwsUsername}", "supervisor"))
            .exitHereIfFailed()
            // false: an iteration ends what it started (Gatling would cut it at the deadline, leaving chats open).
            .during(duration, false).on(
                    exec(gws("New SMS").injectContact(SMS, "#{gwsUsername}"),
                            gws("Await SMS offer").awaitOffer(SMS),
                            gws("Accept").sms().accept(),
                            gws("Send SMS").sms().sendMessage("Hello, this is your agent."),
                            gws("Await barge-in").awaitNotification(messageOfType("ParticipantRejoined")
                                    .and(inInteraction("#{smsId}"))),
                            gws("Await supervisor").awaitNotification(inInteraction("#{smsId}").and(having(SUPERVISOR_TEXT))))
                            .pause(thinkTime)
                            .exec(gws("Complete").sms().complete()))
            .exec(gws("Logout").logout());

    /** Each supervisor monitors one agent (AllChats) for the run and barges into every SMS session it gets. */
    private final ScenarioBuilder supervisorScenario = scenario("Supervisors")
            .exec(gws("Login supervisor").login().supervisor())
            .exitHereIfFailed()
            .exec(takeAgent("agents", "watched"),
                    gws("Monitor").supervise("#{watched}").monitor(SMS).param("supervisorMonitoringMode", "AllChats"),
                    publishAgent("armed-#{watched}"))
            // Longer than the agents' loop, so that the last monitored session is still taken.
            .exitHereIfFailed()
            .during(duration.plusSeconds(10), false).on(
                    gws("Await monitored SMS").awaitMonitored(SMS).timeout(Duration.ofSeconds(2)).then(
                            exec(gws("SwitchToBargeIn").sms().switchToBargeIn()
                                            .check(jsonPath("$.*.participants[?(@.visibility == 'All')]").count().gte(2)),
                                    gws("Send SMS").sms().sendMessage("A supervisor has joined the conversation."),
                                    gws("Await end").awaitNotification(stateIs("Revoked").and(inInteraction("#{smsId}"))))))
            .exec(gws("Cancel monitoring").supervise("#{watched}").cancelMonitoring(SMS),
                    gws("Logout").logout());

    {
        setUp(agents.injectOpen(atOnceUsers(supervisors)),
                supervisorScenario.injectOpen(atOnceUsers(supervisors)))
                .protocols(gwsProtocol)
                .assertions(
                        global().failedRequests().percent().lt(1.0),
                        details("SwitchToBargeIn").responseTime().percentile(99.0).lt(maxBargeInP99Ms));
    }
}
