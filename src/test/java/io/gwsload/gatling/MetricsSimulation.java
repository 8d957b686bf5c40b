package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * For the live-metrics test: two agents log in, toggle Ready / NotReady five times, log out, then the
 * run stays up for two seconds, during which the endpoint shows the finished figures.
 */
public class MetricsSimulation extends Simulation {
    {
        setUp(scenario("Toggling agents")
                .exec(gws("Login").login().channels(CHAT))
                .pause(Duration.ofSeconds(1)) // both logged in for a while: the test's scrapes see it
                .repeat(5).on(exec(gws("Ready").ready(CHAT), gws("NotReady").notReady(CHAT)))
                .exec(gws("Logout").logout())
                .pause(Duration.ofSeconds(2))
                .injectOpen(atOnceUsers(2)))
                .protocols(gws())
                .assertions(global().failedRequests().count().is(0L));
    }
}
