package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import io.gatling.javaapi.core.Simulation;

/** For the tests: {@code -Dagents} agents log in at the same moment, go Ready and log out; nothing may fail. */
public class LoginBurstSimulation extends Simulation {
    private final int agents = Params.integer("agents", 24, 1, 10_000);

    {
        setUp(scenario("Agents logging in at once")
                .exec(gws("Login").login().channels(CHAT), gws("Ready").ready(CHAT), gws("Logout").logout())
                .injectOpen(atOnceUsers(agents)))
                .protocols(gws().simulatorUsers(agents, 0))
                .assertions(global().failedRequests().count().is(0L));
    }
}
