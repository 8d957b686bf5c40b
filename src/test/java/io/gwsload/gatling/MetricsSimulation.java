package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * For the live-metrics test: two agents log in and wait until the test has seen them on the endpoint
 * ({@link #agentsSeen}), toggle Ready / NotReady five times, log out, then the run stays up for two
 * seconds, during which the endpoint shows the finished figures.
 */
public class MetricsSimulation extends Simulation {
    /** Completed by the test once a scrape showed both agents logged in. */
    static volatile java.util.concurrent.CompletableFuture<Void> agentsSeen =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    {
        setUp(scenario("Toggling agents")
                .exec(gws("Login").login().channels(CHAT))
                // both stay logged in until the test's scrape has seen them (at most 10 s)
                .asLongAsDuring(session -> !agentsSeen.isDone(), Duration.ofSeconds(10))
                .on(pause(Duration.ofMillis(20)))
                .repeat(5).on(exec(gws("Ready").ready(CHAT), gws("NotReady").notReady(CHAT)))
                .exec(gws("Logout").logout())
                .pause(Duration.ofSeconds(2))
                .injectOpen(atOnceUsers(2)))
                .protocols(gws())
                .assertions(global().failedRequests().count().is(0L));
    }
}
