package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * For {@link SessionExpiryTest}: agents take chats, then GWS ends each agent's HTTP session (the embedded
 * simulator's {@code /sim/expire}, as an idle expiry does), and they go on taking chats. {@code -Dagents} (default 4),
 * {@code -Drounds} chats before and after (default 2).
 */
public class SessionExpirySimulation extends Simulation {
    private final int agents = Params.integer("agents", 4, 1, 1000);
    private final int rounds = Params.integer("rounds", 2, 1, 100);

    private static ChainBuilder chat(String when) {
        return exec(gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                gws("Await offer").awaitOffer(CHAT),
                gws("Accept " + when).chat().accept(),
                gws("Send " + when).chat().sendMessage("Hello"),
                gws("Complete " + when).chat().complete());
    }

    private final ScenarioBuilder agentsScenario = scenario("Agents whose sessions expire")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .repeat(rounds).on(chat("before"))
            .exec(gws("Expire").expireSession("#{gwsUsername}"),
                    // Refused (the session is gone): "session expired"; the agent logs in again meanwhile.
                    gws("NotReady after expiry").notReady(CHAT),
                    // Waits for the new session, then goes through.
                    gws("Ready after expiry").ready(CHAT))
            .repeat(rounds).on(chat("after"))
            .exec(gws("Logout").logout());

    {
        setUp(agentsScenario.injectOpen(atOnceUsers(agents)))
                .protocols(gws().operationTimeout(Duration.ofSeconds(5)))
                .maxDuration(Duration.ofMinutes(1));
    }
}
