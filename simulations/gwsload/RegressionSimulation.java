package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.Params;

/**
 * The short, steady run the regression gate compares with its baseline ({@code results/baselines/}):
 * agents take chats back to back (accept, write, complete) and toggle their channel state, on the
 * embedded simulator, for {@code -Dduration=5s} with {@code -Dagents=4}. Closed and paced, so that its
 * figures move with the code and the simulator, not with the arrival process.
 */
public class RegressionSimulation extends Simulation {
    private final int agents = Params.perShard("agents", 4, 1, 1000);
    private final Duration duration = Params.duration("duration", "5s");

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            // A chat whose Accept failed stays offered: room for them, so that errors never stall the agents.
            .exec(gws("Setup").setSimulatorKnobs(java.util.Map.of("maxInteractionsPerAgent", 10_000)),
                    gws("Ready").ready(CHAT))
            .exitHereIfFailed()
            .during(duration, false).on(
                    exec(gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                            gws("Await offer").awaitOffer(CHAT).timeout(Duration.ofSeconds(2)),
                            gws("Accept").chat().accept(),
                            gws("Send message").chat().sendMessage("Hello, how can I help?"),
                            gws("Complete").chat().complete(),
                            gws("NotReady").notReady(CHAT),
                            gws("Ready").ready(CHAT))
                            .pause(Duration.ofMillis(20)))
            .exec(gws("Logout").logout());

    {
        setUp(agentScenario.injectOpen(atOnceUsers(agents)))
                .protocols(gws().channels(CHAT).simulatorUsers(agents, 1))
                .assertions(global().failedRequests().percent().lt(100.0));
    }
}
