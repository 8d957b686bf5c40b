package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.Map;

import io.gatling.javaapi.core.Simulation;

/**
 * For the tests: each agent logs in, then meets one dropped notification (a timeout) and one Error
 * notification, switched on and off through the simulator's control endpoint; the assertion that
 * nothing failed must then fail the run.
 */
public class FaultPhasesSimulation extends Simulation {
    {
        setUp(scenario("Agents meeting faults")
                .exec(gws("Login").login().channels(CHAT))
                .exec(gws("Drop on").setSimulatorKnobs(Map.of("dropRate", 1.0)),
                        gws("Ready").ready(CHAT).timeout(Duration.ofMillis(300)),
                        gws("Errors on").setSimulatorKnobs(Map.of("dropRate", 0.0, "errorRate", 1.0)),
                        gws("NotReady").notReady(CHAT),
                        gws("Faults off").setSimulatorKnobs(Map.of("errorRate", 0.0)),
                        gws("Logout").logout())
                .injectOpen(atOnceUsers(1)))
                .protocols(gws())
                .assertions(global().failedRequests().count().is(0L));
    }
}
