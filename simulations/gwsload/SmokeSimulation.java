package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.api.MonitoringMode;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.OfferKind;
import io.gwsload.gatling.Params;

/**
 * The end-to-end check `mvn verify` runs on the embedded simulator (about 20 s): agents accept chats,
 * one agent invites another to a conference, a supervisor barges into an SMS session. Every request
 * must be OK. Parameters: {@code -Dchats=3} chats per accepting agent.
 */
public class SmokeSimulation extends Simulation {
    private final int chats = Params.integer("chats", 3, 1, 100);

    private final GwsProtocolBuilder gwsProtocol = gws()
            .operationTimeout(Duration.ofSeconds(10))
            .awaitTimeout(Duration.ofSeconds(20));

    /** Each agent makes its own customer chat arrive, then handles it. */
    private final ScenarioBuilder accepting = scenario("Accepting agents")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .exitHereIfFailed()
            .repeat(chats).on(
                    exec(gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                            gws("Await chat offer").awaitOffer(CHAT, OfferKind.ROUTED),
                            gws("Accept").chat().accept().check(state().is("Chatting")),
                            gws("Send message").chat().sendMessage("Hello, how can I help?"),
                            gws("Complete").chat().complete()))
            .exec(gws("Logout").logout());

    /** Invited agents: not Ready, so only conference invitations reach them. */
    private final ScenarioBuilder responders = scenario("Conference responders")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(publishAgent("responders"),
                    gws("Await invitation").awaitOffer(CHAT, OfferKind.JOIN),
                    gws("Accept").chat().accept(),
                    gws("Send message").chat().sendMessage("Second agent here."),
                    gws("Complete").chat().complete(),
                    gws("Logout").logout());

    private final ScenarioBuilder inviters = scenario("Conference inviters")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT), takeAgent("responders", "peer"),
                    gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                    gws("Await chat offer").awaitOffer(CHAT),
                    gws("Accept").chat().accept(),
                    gws("Invite").chat().invite("#{peer}").check(participants().count().gte(3)),
                    gws("Send to agents").chat().sendToAgents("Thanks for joining."),
                    gws("Complete").chat().complete(),
                    gws("Logout").logout());

    /** The agent waits until a supervisor monitors it, takes one SMS, and completes after the barge-in. */
    private final ScenarioBuilder supervisedAgents = scenario("Supervised SMS agents")
            .exec(gws("Login").login().channels(SMS))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(SMS), publishAgent("supervised"),
                    takeAgent("armed-#{gwsUsername}", "supervisor"),
                    gws("New SMS").injectContact(SMS, "#{gwsUsername}"),
                    gws("Await SMS offer").awaitOffer(SMS),
                    gws("Accept").sms().accept(),
                    gws("Send SMS").sms().sendMessage("Hello from the agent."),
                    gws("Await barge-in").sms().awaitAgentJoined("#{supervisor}"), // a silent monitor is not shown
                    gws("Await supervisor message").awaitNotification(inInteraction("#{smsId}")
                            .and(having("$.messages[?(@.type == 'Text' && @.from.type == 'Agent')]"))),
                    gws("Complete").sms().complete(),
                    gws("Logout").logout());

    private final ScenarioBuilder supervisors = scenario("Supervisors")
            .exec(gws("Login supervisor").login().supervisor().channels(SMS))
            .exitHereIfFailed()
            .exec(takeAgent("supervised", "watched"),
                    gws("Monitor").supervise("#{watched}").monitor(SMS, MonitoringMode.NEXT_CHAT),
                    publishAgent("armed-#{watched}"),
                    gws("Await monitored SMS").awaitMonitored(SMS),
                    gws("SwitchToBargeIn").sms().switchToBargeIn()
                            .check(jsonPath("$.*.participants[?(@.visibility == 'All')]").count().gte(2)),
                    gws("Send SMS").sms().sendMessage("A supervisor has joined."),
                    gws("Await end").awaitNotification(stateIs("Revoked").and(inInteraction("#{smsId}"))),
                    gws("Logout").logout());

    {
        setUp(
                accepting.injectOpen(atOnceUsers(2)),
                responders.injectOpen(atOnceUsers(1)),
                inviters.injectOpen(atOnceUsers(1)),
                supervisedAgents.injectOpen(atOnceUsers(1)),
                supervisors.injectOpen(atOnceUsers(1)))
                .protocols(gwsProtocol)
                .maxDuration(Duration.ofMinutes(2))
                .assertions(
                        global().failedRequests().count().is(0L),
                        details("Accept").responseTime().percentile(99.0).lt(2000),
                        details("Invite").successfulRequests().count().gte(1L),
                        details("SwitchToBargeIn").successfulRequests().count().gte(1L));
    }
}
