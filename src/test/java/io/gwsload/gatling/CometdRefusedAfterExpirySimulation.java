package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * For {@link SessionExpiryTest}: an agent's HTTP session expires while GWS refuses every CometD handshake (a GWS
 * not yet ready after a restart). Its login again gets a new HTTP session but no CometD session, after a few tries;
 * its next step tries again and fails with the reason; once handshakes are accepted again, the step after that
 * logs it in and goes through. One agent: the knobs are the whole simulator's.
 */
public class CometdRefusedAfterExpirySimulation extends Simulation {
    private final ScenarioBuilder agent = scenario("An agent whose CometD session cannot be renewed at once")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT),
                    gws("Refuse handshakes").setSimulatorKnobs(Map.of("handshakeRefusalRate", 1.0)),
                    gws("Expire").expireSession("#{gwsUsername}"),
                    gws("NotReady after expiry").notReady(CHAT),
                    gws("Ready without CometD").ready(CHAT),
                    gws("Accept handshakes").setSimulatorKnobs(Map.of("handshakeRefusalRate", 0.0)),
                    gws("NotReady again").notReady(CHAT),
                    gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                    gws("Ready again").ready(CHAT),
                    gws("Await offer").awaitOffer(CHAT),
                    gws("Accept again").chat().accept(),
                    gws("Complete again").chat().complete(),
                    gws("Logout").logout());

    {
        setUp(agent.injectOpen(atOnceUsers(1)))
                .protocols(gws().operationTimeout(Duration.ofSeconds(10)))
                .maxDuration(Duration.ofMinutes(1));
    }
}
