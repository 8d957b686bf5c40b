package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.Map;

import io.gatling.javaapi.core.Simulation;

/**
 * For {@link StoppedOutcomesTest}: agents log in, then the simulator drops every notification, so each agent's
 * Ready waits for its 30 s timeout, and the run's {@code maxDuration} of 4 s ends it first.
 */
public class StoppedAtMaxDurationSimulation extends Simulation {
    {
        setUp(scenario("Agents cut short")
                .exec(gws("Login").login().channels(CHAT))
                .exitHereIfFailed()
                .exec(gws("Drop").setSimulatorKnobs(Map.of("dropRate", 1.0)))
                .exec(gws("Ready").ready(CHAT))
                .injectOpen(atOnceUsers(3)))
                .protocols(gws().channels(CHAT).operationTimeout(Duration.ofSeconds(30)))
                .maxDuration(Duration.ofSeconds(4));
    }
}
