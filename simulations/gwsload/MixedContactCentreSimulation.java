package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.Params;

/**
 * A contact-centre hour in one to two minutes, the default of {@code mvn gatling:test}: chat and SMS
 * customers arrive at open rates (chat customers through the GMS Chat API, timed as they see it: time to answer,
 * their message to the agent, the agent's answer to them); agents (a closed population) take offers of either media, handle a
 * second chat at the same time when one is offered (operations in flight together with
 * {@code expect()}), and think between steps; conference inviters bring in a responder; supervisors
 * barge into the SMS sessions of the agents they monitor.
 *
 * <p>Parameters (defaults): {@code -Dagents=16}, {@code -Dinviters=2}, {@code -Dsupervisors=2},
 * {@code -DchatsPerSec=2}, {@code -DsmsPerSec=1}, {@code -Dduration=60s}, {@code -DthinkTime=1s},
 * {@code -DmaxP99Ms=2000} (assertion on Accept, Invite and SwitchToBargeIn). The simulator's knobs are
 * {@code -Dgws.sim.*}; with {@code -Dgws.url=...} the same simulation runs against a real GWS (SMS customers are
 * then your own traffic: set {@code -DsmsPerSec=0}; chat customers go to {@code -Dgws.gms.url}, or set
 * {@code -DchatsPerSec=0} when your own traffic brings them).
 */
public class MixedContactCentreSimulation extends Simulation {
    private final int agents = Params.perShard("agents", 16, 1, 100_000);
    private final int inviters = Params.perShard("inviters", 2, 0, 10_000);
    private final int supervisors = Params.perShard("supervisors", 2, 0, 10_000);
    private final double chatsPerSec = Params.perShardRate("chatsPerSec", 2, 0, 100_000);
    private final double smsPerSec = Params.perShardRate("smsPerSec", 1, 0, 100_000);
    private final Duration duration = Params.duration("duration", "60s");
    private final Duration thinkTime = Params.duration("thinkTime", "1s");
    private final int maxP99Ms = Params.integer("maxP99Ms", 2000, 1, 600_000);

    private static final Duration SETTLE = Duration.ofSeconds(5);
    /** Logins at -DloginRate (50/s), at least 3 s; customers come 2 s after (at least SETTLE). */
    private final Duration loginRamp = Params.loginRamp(agents, Duration.ofSeconds(3));
    private final Duration customersFrom = loginRamp.plusSeconds(2).compareTo(SETTLE) > 0 ? loginRamp.plusSeconds(2)
            : SETTLE;
    private static final String AGENT_TEXT = "$.messages[?(@.type == 'Text' && @.from.type == 'Agent')]";
    private static final String CUSTOMER_TEXT = "$.messages[?(@.type == 'Text' && @.from.type == 'Customer')]";

    private final GwsProtocolBuilder gwsProtocol = gws().simulatorUsers(agents + 2 * Math.max(inviters, 1), supervisors);

    /** A second chat offered while the first is in progress: taken, answered and completed too. */
    private final ChainBuilder secondChat =
            gws("Await second chat").awaitOffer(CHAT).timeout(Duration.ofMillis(300)).saveAs("secondChatId").then(
                    exec(gws("Accept").chat("#{secondChatId}").accept(),
                            gws("Send message").chat("#{secondChatId}").sendMessage("Thanks for waiting, I am with you."),
                            gws("Await question").awaitNotification(inInteraction("#{secondChatId}")
                                    .and(having(CUSTOMER_TEXT))).timeout(Duration.ofSeconds(10)),
                            gws("Complete").chat("#{secondChatId}").complete()));

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(gws("Ready chat").ready(CHAT), gws("Ready SMS").ready(SMS),
                    publishAgent("agents"))
            .exitHereIfFailed()
            // false: an iteration ends what it started (Gatling would cut it at the deadline, leaving chats open).
            .during(duration.plus(loginRamp).minusSeconds(3), false).on(
                    gws("Await offer").awaitOffer().timeout(Duration.ofSeconds(2)).then(
                            exec(gws("Accept").offered().accept(),
                                    gws("Send message").offered().sendMessage("Hello, how can I help?").expect())
                                    .exec(secondChat)
                                    .exec(customersQuestion())
                                    .pause(thinkTime)
                                    .exec(gws("Wait for answers").waitForNotifications())
                                    .exec(supervisedSmsPause())
                                    .exec(gws("Complete").offered().complete())))
            .exec(gws("Logout").logout());

    private final ScenarioBuilder responders = scenario("Conference responders")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .during(duration.plusSeconds(15), false).on(
                    exec(publishAgent("responders"))
                            .exec(gws("Await invitation").awaitOffer(CHAT).timeout(Duration.ofSeconds(2)).then(
                                    exec(gws("Accept invitation").chat().accept(),
                                            gws("Send message").chat().sendMessage("A colleague here."),
                                            gws("Complete").chat().complete()))))
            .exec(gws("Logout").logout());

    private final ScenarioBuilder inviterScenario = scenario("Conference inviters")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .exitHereIfFailed()
            .during(duration, false).on(
                    gws("Await chat offer").awaitOffer(CHAT).timeout(Duration.ofSeconds(2)).then(
                            exec(gws("Accept").chat().accept(),
                                    takeAgent("responders", "peer"),
                                    gws("Invite").chat().invite("#{peer}"),
                                    gws("Send to agents").chat().sendToAgents("Customer asks about a refund."))
                                    // The customer's question, then an answer: completing before it would end the
                                    // chat under a customer who is still writing (GMS error 104, a KO of the script).
                                    .exec(gws("Await question").awaitNotification(inInteraction("#{chatId}")
                                            .and(having(CUSTOMER_TEXT))).timeout(Duration.ofSeconds(10)))
                                    .exec(gws("Send message").chat().sendMessage("Your refund is on its way."))
                                    .pause(thinkTime)
                                    .exec(gws("Complete").chat().complete())))
            .exec(gws("Logout").logout());

    private final ScenarioBuilder supervisorScenario = scenario("Supervisors")
            .exec(gws("Login supervisor").login().supervisor().channels(SMS))
            .exitHereIfFailed()
            .exec(takeAgent("agents", "watched"),
                    gws("Monitor").supervise("#{watched}").monitor(SMS).param("supervisorMonitoringMode", "AllChats"))
            .exitHereIfFailed()
            .during(duration.plusSeconds(10), false).on(
                    gws("Await monitored SMS").awaitMonitored(SMS).timeout(Duration.ofSeconds(2)).then(
                            exec(gws("SwitchToBargeIn").sms().switchToBargeIn(),
                                    gws("Send SMS").sms().sendMessage("A supervisor has joined."),
                                    gws("Await end").awaitNotification(stateIs("Revoked")
                                            .and(inInteraction("#{smsId}"))))))
            .exec(gws("Cancel monitoring").supervise("#{watched}").cancelMonitoring(SMS), gws("Logout").logout());

    /**
     * Chat customers come in through the GMS Chat API (on the simulator, its own; on a lab, {@code -Dgws.gms.url}):
     * each waits for an agent, asks its question, reads the answer and leaves.
     */
    private final ScenarioBuilder chatCustomers = scenario("Chat customers")
            .exec(customer("Request chat").requestChat())
            .doIf(session -> !session.isFailed()).then(exec(
                    customer("Time to answer").awaitAgent(),
                    customer("Customer to agent").send("Where is my order?"),
                    customer("Agent to customer").awaitMessage(),
                    customer("Leave").disconnect()));
    private final ScenarioBuilder smsCustomers = scenario("SMS customers").exec(gws("New SMS").injectContact(SMS));

    /** For a chat, the customer's question (it comes once the customer's poll shows the agent joined). */
    private ChainBuilder customersQuestion() {
        return doIf(session -> "chat".equals(session.getString("offerMedia"))).then(
                exec(gws("Await question").awaitNotification(inInteraction("#{offerId}").and(having(CUSTOMER_TEXT)))
                        .timeout(Duration.ofSeconds(10))));
    }

    /** For an SMS, wait (briefly) for a supervisor's barge-in and words before completing. */
    private ChainBuilder supervisedSmsPause() {
        return doIf(session -> "sms".equals(session.getString("offerMedia"))).then(
                gws("Await barge-in").awaitNotification(messageOfType("ParticipantRejoined")
                                .and(inInteraction("#{offerId}"))).timeout(Duration.ofSeconds(1)).then(
                        exec(gws("Await supervisor").awaitNotification(inInteraction("#{offerId}")
                                .and(having(AGENT_TEXT))).timeout(Duration.ofSeconds(5)))));
    }

    {
        setUp(
                agentScenario.injectOpen(rampUsers(agents).during(loginRamp)),
                responders.injectOpen(atOnceUsers(Math.max(inviters, 1))),
                inviterScenario.injectOpen(nothingFor(Duration.ofSeconds(2)), atOnceUsers(inviters)),
                supervisorScenario.injectOpen(nothingFor(loginRamp), atOnceUsers(supervisors)),
                chatCustomers.injectOpen(customers(chatsPerSec)),
                smsCustomers.injectOpen(customers(smsPerSec)))
                .protocols(gwsProtocol)
                .assertions(
                        global().failedRequests().percent().lt(1.0),
                        details("Accept").responseTime().percentile(99.0).lt(maxP99Ms),
                        details("Invite").responseTime().percentile(99.0).lt(maxP99Ms),
                        details("SwitchToBargeIn").responseTime().percentile(99.0).lt(maxP99Ms));
    }

    private io.gatling.javaapi.core.OpenInjectionStep[] customers(double perSecond) {
        return perSecond == 0 ? new io.gatling.javaapi.core.OpenInjectionStep[] {nothingFor(Duration.ofSeconds(1))}
                : new io.gatling.javaapi.core.OpenInjectionStep[] {nothingFor(customersFrom),
                    constantUsersPerSec(perSecond).during(duration.minus(SETTLE))};
    }
}
