package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gwsload.gatling.GwsDsl.CHAT;
import static io.gwsload.gatling.GwsDsl.gws;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * For the tests: agents toggling Ready/NotReady for up to two minutes, long enough to be interrupted
 * (Ctrl-C) in the middle; {@code -Dagents} of them.
 */
public class ShutdownSimulation extends Simulation {
    private final int agents = Params.integer("agents", 4, 1, 100);

    {
        setUp(scenario("Agents until interrupted")
                .exec(gws("Login").login().channels(CHAT))
                .exitHereIfFailed()
                .during(Duration.ofMinutes(2)).on(exec(gws("Ready").ready(CHAT), gws("NotReady").notReady(CHAT))
                        .pause(Duration.ofMillis(20)))
                .exec(gws("Logout").logout())
                .injectOpen(atOnceUsers(agents)))
                .protocols(gws())
                .maxDuration(Duration.ofMinutes(3));
    }
}
