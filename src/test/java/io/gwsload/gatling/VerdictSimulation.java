package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gwsload.gatling.GwsDsl.CHAT;
import static io.gwsload.gatling.GwsDsl.gws;
import static io.gwsload.gatling.GwsDsl.inInteraction;
import static io.gwsload.gatling.GwsDsl.messageLog;
import static io.gwsload.gatling.GwsDsl.state;
import static io.gwsload.gatling.GwsDsl.stateIs;

import java.time.Duration;
import java.util.Map;

import io.gatling.javaapi.core.Simulation;

/**
 * For the tests: every kind of verdict in one run: a failed check on an operation and on a wait, an Error
 * notification, a timeout, an optional wait that nothing fills, and a step whose attribute is misspelled.
 * The assertion that nothing failed must then fail the run.
 */
public class VerdictSimulation extends Simulation {
    {
        setUp(scenario("Agents meeting every verdict")
                .exec(gws("Login").login().channels(CHAT), gws("Ready").ready(CHAT),
                        gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                        gws("Await offer").awaitOffer(CHAT),
                        gws("Accept").chat().accept().check(state().is("Revoked")),
                        gws("Await history").awaitNotification(messageLog()).check(state().is("Chatting")),
                        gws("Send").chat().sendMessage("hello"),
                        gws("Idle").awaitNotification(stateIs("Revoked")).timeout(Duration.ofMillis(200)).optional(),
                        gws("Await revoke").awaitNotification(stateIs("Revoked").and(inInteraction("#{chatId}")))
                                .timeout(Duration.ofMillis(200)),
                        gws("Typo").chat("#{chatID}").complete(),
                        gws("Errors on").setSimulatorKnobs(Map.of("errorRate", 1.0)),
                        // KO by its Error notification, or by a timeout when the other agent's "Drop on" came
                        // first (the knobs are the simulator's, shared): KO either way, without a 30 s wait.
                        gws("NotReady").notReady(CHAT).timeout(Duration.ofSeconds(1)),
                        gws("Drop on").setSimulatorKnobs(Map.of("errorRate", 0.0, "dropRate", 1.0)),
                        gws("Ready again").ready(CHAT).timeout(Duration.ofMillis(300)),
                        gws("Faults off").setSimulatorKnobs(Map.of("dropRate", 0.0)),
                        gws("Complete").chat().complete(),
                        gws("Logout").logout())
                .injectOpen(atOnceUsers(2)))
                .protocols(gws())
                .assertions(global().failedRequests().count().is(0L));
    }
}
