package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.Params;

/**
 * Agents accepting routed chats: the agents are a closed population that log in, go Ready and take
 * chats for the whole run; customer chats arrive at an open rate (on the simulator, through
 * {@code injectContact}; on a real GWS, from your own chat traffic: set {@code -DchatsPerSec=0}).
 *
 * <p>Parameters: {@code -Dagents=20}, {@code -DchatsPerSec=4}, {@code -Dduration=60s},
 * {@code -DthinkTime=1s} (between an agent's steps), {@code -DmaxAcceptP99Ms=1000} (assertion),
 * {@code -DloginRate=50} (logins per second; customers arrive once every agent had time to log in).
 */
public class AcceptingAgentsSimulation extends Simulation {
    private final int agents = Params.perShard("agents", 20, 1, 100_000);
    private final double chatsPerSec = Params.perShardRate("chatsPerSec", 4, 0, 100_000);
    private final Duration duration = Params.duration("duration", "60s");
    private final Duration thinkTime = Params.duration("thinkTime", "1s");
    private final int maxAcceptP99Ms = Params.integer("maxAcceptP99Ms", 1000, 1, 600_000);
    /** Logins at -DloginRate (50/s): 2,000 agents log in over 40 s, and customers come after that. */
    private final Duration loginRamp = Params.loginRamp(agents, Duration.ofSeconds(5));

    private final GwsProtocolBuilder gwsProtocol = gws().simulatorUsers(agents, 0).channels(CHAT);

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .exitHereIfFailed()
            // false: an iteration ends what it started (Gatling would cut it at the deadline, leaving chats open).
            .during(duration.plus(loginRamp), false).on(
                    gws("Await chat offer").awaitOffer(CHAT).timeout(Duration.ofSeconds(2)).then(
                                    exec(gws("Accept").chat().accept())
                                            .pause(thinkTime)
                                            .exec(gws("Send message").chat().sendMessage("Hello, how can I help?"))
                                            .pause(thinkTime)
                                            .exec(gws("Complete").chat().complete())))
            .exec(gws("Logout").logout());

    private final ScenarioBuilder customers = scenario("Customers")
            .exec(gws("New chat").injectContact(CHAT));

    {
        setUp(agentScenario.injectOpen(rampUsers(agents).during(loginRamp)),
                chatsPerSec == 0 ? customers.injectOpen(nothingFor(Duration.ofSeconds(1)))
                        : customers.injectOpen(nothingFor(loginRamp.plusSeconds(2)),
                                constantUsersPerSec(chatsPerSec).during(duration)))
                .protocols(gwsProtocol)
                .assertions(
                        global().failedRequests().percent().lt(1.0),
                        details("Accept").responseTime().percentile(99.0).lt(maxAcceptP99Ms));
    }
}
