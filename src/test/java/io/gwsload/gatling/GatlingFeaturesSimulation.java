package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * For the tests: Gatling's own structure around gws-load steps. A group times the login;
 * {@code exitBlockOnFail} leaves its block after a KO (the step after the failing Accept never runs);
 * {@code tryMax} retries; the run is throttled; two populations given the same protocol builder share one run
 * (one results folder with both). Its assertions say what must have happened.
 */
public class GatlingFeaturesSimulation extends Simulation {
    private final GwsProtocolBuilder protocol = gws();

    {
        setUp(scenario("Structured agent")
                .group("Session").on(exec(gws("Login").login().channels(CHAT)))
                .exitBlockOnFail().on(exec(gws("Ready").ready(CHAT),
                        gws("Bad accept").chat("0000NoSuchChat00").accept(),
                        gws("Never").notReady(CHAT)))
                .tryMax(2).on(exec(gws("Ready again").ready(CHAT)))
                .exec(gws("Logout").logout())
                .injectOpen(atOnceUsers(2)).protocols(protocol),
                scenario("Second population")
                        .exec(gws("Second population login").login().channels(CHAT))
                        .exec(gws("Second population logout").logout())
                        .injectOpen(atOnceUsers(1)).protocols(protocol))
                .throttle(reachRps(50).in(Duration.ofSeconds(1)), holdFor(Duration.ofSeconds(30)))
                .assertions(
                        details("Session", "Login GET /me").successfulRequests().count().is(2L),
                        details("Session").successfulRequests().count().is(2L),
                        details("Bad accept").failedRequests().count().is(2L),
                        details("Ready again").successfulRequests().count().is(2L),
                        details("Second population login session").successfulRequests().count().is(1L));
    }
}
