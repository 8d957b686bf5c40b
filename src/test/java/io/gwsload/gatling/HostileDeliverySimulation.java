package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.simulator.SimulatorConfig;

/**
 * For {@link AttributionAuditTest}: every documented kind of operation, over the embedded simulator with hostile
 * delivery knobs given as {@code -Dknob.<name>=<value>} (a fixed delivery delay, id-less duplicates after a
 * delay, late delivery past the 2 s operation timeout, reordering, batched transcripts, PropertiesUpdated fanned
 * out). Solo agents take chats and do everything to them (two messages of the same text, typing, url, notice,
 * the four property operations) between channel toggles; inviters conference in responders; supervisors barge
 * into monitored SMS sessions. {@code -Dloops} per solo agent, {@code -DsoloAgents}, {@code -Dpairs}.
 */
public class HostileDeliverySimulation extends Simulation {
    private final int solo = Params.integer("soloAgents", 30, 1, 1000);
    private final int pairs = Params.integer("pairs", 4, 1, 1000);
    private final int loops = Params.integer("loops", 4, 1, 1000);

    /** Inviters and SMS agents still at work: responders and supervisors serve them until they are done. */
    private static final java.util.concurrent.atomic.AtomicInteger inviting = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger texting = new java.util.concurrent.atomic.AtomicInteger();

    private static ChainBuilder done(java.util.concurrent.atomic.AtomicInteger counter) {
        return exec(session -> {
            counter.decrementAndGet();
            return session;
        });
    }

    private final ChainBuilder toggles = exec(gws("NotReady").notReady(CHAT), gws("Ready").ready(CHAT),
            gws("NotReady").notReady(CHAT), gws("Ready").ready(CHAT));

    private final ScenarioBuilder soloAgents = scenario("Solo agents")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Setup").setSimulatorKnobs(Map.of("maxInteractionsPerAgent", 10_000)), gws("Ready").ready(CHAT))
            .repeat(loops).on(exec(toggles,
                    gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                    gws("Await offer").awaitOffer(CHAT),
                    gws("Accept").chat().accept(),
                    gws("SendMessage").chat().sendMessage("Hello"),
                    gws("SendMessage").chat().sendMessage("Hello"),
                    gws("StartTyping").chat().startTyping(),
                    gws("StopTyping").chat().stopTyping(),
                    gws("SendUrl").chat().sendUrl("https://example.com/help"),
                    gws("SendCustomNotice").chat().sendCustomNotice("Please hold"),
                    gws("SetDisposition").chat().setDisposition("Sale"),
                    gws("UpdateUserData").chat().updateUserData(Map.of("Tier", "Gold")),
                    gws("AddComment").chat().addComment("Called back"),
                    gws("DeleteUserData").chat().deleteUserData("Tier"),
                    gws("Complete").chat().complete()))
            .exec(gws("Logout").logout());

    private final ScenarioBuilder responders = scenario("Responders")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .asLongAsDuring(session -> inviting.get() > 0, Duration.ofSeconds(60), false).on(
                    exec(publishAgent("responders")).exec(
                            gws("Await invitation").awaitOffer(CHAT).timeout(Duration.ofSeconds(2)).then(
                                    exec(gws("Accept invitation").chat().accept(),
                                            gws("SetDisposition").chat().setDisposition("Joined"),
                                            gws("Complete").chat().complete()))))
            .exec(gws("Logout").logout());

    // A failed login (its notification delayed past the timeout) skips the work, never the count that ends
    // the responders' and supervisors' loops.
    private final ScenarioBuilder inviters = scenario("Inviters")
            .exec(gws("Login").login().channels(CHAT))
            .doIf(session -> !session.isFailed()).then(exec(gws("Ready").ready(CHAT))
            .repeat(loops).on(exec(gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                    gws("Await offer").awaitOffer(CHAT),
                    gws("Accept").chat().accept(),
                    takeAgent("responders", "peer"),
                    gws("Invite").chat().invite("#{peer}"),
                    gws("AddComment").chat().addComment("Conference"),
                    gws("SendToAgents").chat().sendToAgents("Thanks"),
                    gws("Leave").chat().leave(),
                    gws("Complete").chat().complete())))
            .exec(done(inviting), gws("Logout").logout());

    private final ScenarioBuilder smsAgents = scenario("SMS agents")
            .exec(gws("Login").login().channels(SMS))
            .doIf(session -> !session.isFailed()).then(exec(gws("Ready").ready(SMS), publishAgent("sms agents"),
                    takeAgent("armed-#{gwsUsername}", "supervisor"))
            .repeat(loops).on(exec(gws("New SMS").injectContact(SMS, "#{gwsUsername}"),
                    gws("Await SMS offer").awaitOffer(SMS),
                    gws("Accept").sms().accept(),
                    // Without a supervisor (its login timed out under the delays) no barge-in comes: waiting for
                    // one in every loop only made the run 20 s longer.
                    doIf(session -> session.contains("supervisor")).then(
                            gws("Await barge-in").awaitNotification(messageOfType("ParticipantRejoined")
                                    .and(inInteraction("#{smsId}")))),
                    gws("SendMessage").sms().sendMessage("Hello"),
                    gws("Complete").sms().complete())))
            .exec(done(texting), gws("Logout").logout());

    private final ScenarioBuilder supervisors = scenario("Supervisors")
            .exec(gws("Login supervisor").login().supervisor().channels(SMS))
            .exitHereIfFailed()
            .exec(takeAgent("sms agents", "watched"),
                    gws("Monitor").supervise("#{watched}").monitor(SMS).param("supervisorMonitoringMode", "AllChats"))
            .exitHereIfFailed()
            // Armed only when monitoring: an agent whose supervisor is not watching must not wait for barge-ins.
            .exec(publishAgent("armed-#{watched}"))
            .asLongAsDuring(session -> texting.get() > 0, Duration.ofSeconds(60), false).on(
                    gws("Await monitored SMS").awaitMonitored(SMS).timeout(Duration.ofSeconds(2)).then(
                            exec(gws("SwitchToBargeIn").sms().switchToBargeIn(),
                                    gws("Await end").awaitNotification(stateIs("Revoked").and(inInteraction("#{smsId}"))))))
            .exec(gws("Cancel monitoring").supervise("#{watched}").cancelMonitoring(SMS), gws("Logout").logout());

    /** The simulator with the knobs the test gives as {@code -Dknob.<name>}. */
    private static SimulatorConfig simulator() {
        Map<String, String> knobs = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("knob.")).forEach(
                k -> knobs.put(k.substring("knob.".length()), System.getProperty(k)));
        return SimulatorConfig.defaults().with(knobs);
    }

    {
        inviting.set(pairs);
        texting.set(pairs);
        setUp(soloAgents.injectOpen(atOnceUsers(solo)),
                responders.injectOpen(atOnceUsers(pairs)),
                inviters.injectOpen(nothingFor(Duration.ofSeconds(1)), atOnceUsers(pairs)),
                smsAgents.injectOpen(atOnceUsers(pairs)),
                supervisors.injectOpen(atOnceUsers(pairs)))
                .protocols(gws().simulator(simulator()).channels(CHAT, SMS).simulatorUsers(solo + 3 * pairs, pairs)
                        .operationTimeout(Duration.ofSeconds(2)).awaitTimeout(Duration.ofSeconds(5)))
                .maxDuration(Duration.ofSeconds(90));
    }
}
