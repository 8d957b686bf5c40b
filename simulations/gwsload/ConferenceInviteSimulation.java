package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.GwsProtocolBuilder;
import io.gwsload.gatling.Params;

/**
 * Conference invites: agent A accepts a chat, invites agent B, B accepts, both write, B completes, A
 * completes. Responders (B) stay NotReady so that only invitations reach them, and publish themselves
 * when free; inviters (A) take a free responder for each conference. The Invite's notified time runs
 * until B has joined.
 *
 * <p>Parameters: {@code -Dpairs=5} (inviters, and as many responders), {@code -Dduration=60s},
 * {@code -DthinkTime=1s}, {@code -DmaxInviteP99Ms=2000} (assertion).
 */
public class ConferenceInviteSimulation extends Simulation {
    private final int pairs = Params.perShard("pairs", 5, 1, 10_000);
    private final Duration duration = Params.duration("duration", "60s");
    private final Duration thinkTime = Params.duration("thinkTime", "1s");
    private final int maxInviteP99Ms = Params.integer("maxInviteP99Ms", 2000, 1, 600_000);

    private final GwsProtocolBuilder gwsProtocol = gws().channels(CHAT).simulatorUsers(2 * pairs, 0);

    private final ScenarioBuilder responders = scenario("Responders")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            // A little longer than the inviters, so no invitation reaches a responder that has left.
            // false: an iteration ends what it started (Gatling would cut it at the deadline, leaving chats open).
            .during(duration.plusSeconds(15), false).on(
                    exec(publishAgent("responders")).exec(
                            gws("Await invitation").awaitOffer(CHAT).timeout(Duration.ofSeconds(2)).then(
                                    exec(gws("Accept invitation").chat().accept())
                                            .pause(thinkTime)
                                            .exec(gws("Send message").chat().sendMessage("Second agent here."),
                                                    gws("Complete").chat().complete()))))
            .exec(gws("Logout").logout());

    private final ScenarioBuilder inviters = scenario("Inviters")
            .exec(gws("Login").login())
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .exitHereIfFailed()
            .during(duration, false).on(
                    exec(gws("New chat").injectContact(CHAT, "#{gwsUsername}"),
                            gws("Await chat offer").awaitOffer(CHAT),
                            gws("Accept").chat().accept(),
                            takeAgent("responders", "peer"),
                            gws("Invite").chat().invite("#{peer}").check(participants().count().gte(3)),
                            gws("Send to agents").chat().sendToAgents("Thanks for joining."))
                            .pause(thinkTime)
                            .exec(gws("Send message").chat().sendMessage("A colleague has joined us."),
                                    gws("Leave").chat().leave(),
                                    gws("Complete").chat().complete()))
            .exec(gws("Logout").logout());

    {
        setUp(responders.injectOpen(atOnceUsers(pairs)),
                inviters.injectOpen(nothingFor(Duration.ofSeconds(2)), rampUsers(pairs).during(Duration.ofSeconds(3))))
                .protocols(gwsProtocol)
                .assertions(
                        global().failedRequests().percent().lt(1.0),
                        details("Invite").responseTime().percentile(99.0).lt(maxInviteP99Ms));
    }
}
