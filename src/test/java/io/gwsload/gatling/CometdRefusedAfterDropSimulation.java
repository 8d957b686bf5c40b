package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.Map;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * For {@link SessionExpiryTest}: GWS drops every CometD session while it refuses new handshakes. The agent's
 * re-handshake is refused, so it has no notifications: the operation in flight then ends as "session lost" (or
 * as the failed login again), and once handshakes are accepted again the agent's next step logs it in anew and
 * goes through. One agent: the knobs are the whole simulator's.
 */
public class CometdRefusedAfterDropSimulation extends Simulation {
    private final ScenarioBuilder agent = scenario("An agent whose CometD session is refused after a drop")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT),
                    gws("Refuse handshakes").setSimulatorKnobs(Map.of("handshakeRefusalRate", 1.0)),
                    gws("Drop CometD").dropCometdSessions(),
                    gws("NotReady after drop").notReady(CHAT),
                    gws("Accept handshakes").setSimulatorKnobs(Map.of("handshakeRefusalRate", 0.0)),
                    gws("Ready again").ready(CHAT),
                    gws("NotReady again").notReady(CHAT),
                    gws("Logout").logout());

    {
        setUp(agent.injectOpen(atOnceUsers(1)))
                .protocols(gws().operationTimeout(Duration.ofSeconds(10)))
                .maxDuration(Duration.ofMinutes(1));
    }
}
