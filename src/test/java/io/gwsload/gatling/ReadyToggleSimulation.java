package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * For the tests: two agents log in and go Ready / NotReady five times each, with a short timeout, and
 * the run asserts that nothing failed. The simulator's fault knobs come from {@code -Dgws.sim.*}.
 */
public class ReadyToggleSimulation extends Simulation {
    {
        setUp(scenario("Toggling agents")
                .exec(gws("Login").login().channels(CHAT))
                .repeat(5).on(exec(gws("Ready").ready(CHAT).timeout(Duration.ofMillis(500)),
                        gws("NotReady").notReady(CHAT).timeout(Duration.ofMillis(500))))
                .exec(gws("Logout").logout())
                .injectOpen(atOnceUsers(2)))
                .protocols(gws())
                .assertions(global().failedRequests().count().is(0L));
    }
}
