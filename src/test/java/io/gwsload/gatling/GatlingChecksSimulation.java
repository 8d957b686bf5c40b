package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gwsload.gatling.GwsDsl.CHAT;
import static io.gwsload.gatling.GwsDsl.gws;
import static io.gwsload.gatling.GwsDsl.interactionId;
import static io.gwsload.gatling.GwsDsl.matching;
import static io.gwsload.gatling.GwsDsl.messages;
import static io.gwsload.gatling.GwsDsl.notificationType;
import static io.gwsload.gatling.GwsDsl.participants;
import static io.gwsload.gatling.GwsDsl.state;

import io.gatling.javaapi.core.Simulation;

/**
 * For the tests: Gatling's whole check API on notifications, on an operation and on waits. Every check
 * holds on the simulator, and values saved by one check are used by the next ones ({@code isEL}), so the
 * run passes only if all of it works; the last step compares what was saved.
 */
public class GatlingChecksSimulation extends Simulation {
    {
        setUp(scenario("Checks")
                .exec(gws("Login").login().channels(CHAT), gws("Ready").ready(CHAT),
                        gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                        gws("Await offer").awaitOffer(CHAT).check(
                                state().is("Invited"),
                                jmesPath("chat.capabilities").ofList().saveAs("capabilities"),
                                jsonPath("$.chat.capabilities[*]").findAll().saveAs("caps"),
                                jsonPath("$.chat.nothing").optional().saveAs("never"),
                                jsonPath("$.chat.nothing").withDefault("none").saveAs("fallback"),
                                interactionId().saveAs("offered")),
                        gws("Accept").chat().accept().check(
                                state().is("Chatting"),
                                interactionId().isEL("#{offered}"),
                                notificationType().in("StatusChange", "ParticipantsUpdated"),
                                jmesPath("chat.id").ofString().transform(String::length).gte(1),
                                substring("Chatting").exists(),
                                jsonPath("$.chat.state").is("Chatting").name("accepted"))
                                .checkIf("#{fallback.isUndefined()}", jsonPath("$.notThere").exists())
                                .checkIf(session -> session.contains("caps"), jsonPath("$.chat.id").exists()),
                        gws("Await history").awaitNotification(matching(messages().count().gte(1)))
                                .check(messages().count().gte(1), jsonPath("$.messages[0].index").ofInt().gte(0)),
                        gws("Send").chat().sendMessage("hello").check(
                                jsonPath("$.messages[?(@.type == 'Text')].text").is("hello")),
                        gws("Complete").chat().complete().check(state().is("Completed"),
                                participants().count().gte(0)),
                        gws("Logout").logout())
                .exec(session -> "none".equals(session.getString("fallback")) && !session.contains("never")
                        && session.getList("caps").contains("Accept") ? session : session.markAsFailed())
                .exitHereIfFailed()
                .exec(gws("Saved values held").setSimulatorKnobs(java.util.Map.of()))
                .injectOpen(atOnceUsers(1)))
                .protocols(gws())
                .assertions(global().failedRequests().count().is(0L),
                        global().allRequests().count().gte(14L));
    }
}
