package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * For {@link SessionExpiryTest}: agents toggle Ready / NotReady; once every agent is done with its first toggles
 * the first one runs {@link #restart} (the test kills the target and starts a new one on the same port, which
 * knows neither the HTTP sessions nor the logins). Then each agent meets the new target as a scenario would:
 * its first POST finds the session gone (it logs in again), its next finds itself logged out (statusCode 2), so
 * it starts its contact-center session again and goes on. {@code -Dagents} (default 2).
 */
public class TargetRestartSimulation extends Simulation {
    /** Set by the test before the run. */
    public static volatile Runnable restart = () -> { };

    private final int agents = Params.integer("agents", 2, 1, 100);
    private static final AtomicInteger readyForIt = new AtomicInteger();
    private static final AtomicBoolean restarted = new AtomicBoolean();

    private final ChainBuilder toggle = exec(gws("NotReady").notReady(CHAT), gws("Ready").ready(CHAT));

    {
        readyForIt.set(0);
        restarted.set(false);
        setUp(scenario("Agents meeting a restarted target")
                .exec(gws("Login").login().channels(CHAT))
                .exitHereIfFailed()
                .exec(gws("Ready").ready(CHAT))
                .repeat(2).on(toggle)
                .exec(session -> {
                    readyForIt.incrementAndGet();
                    return session;
                })
                .doIf(session -> session.userId() == 1).then(
                        asLongAsDuring(session -> readyForIt.get() < agents, Duration.ofSeconds(10))
                                .on(pause(Duration.ofMillis(5)))
                                .exec(session -> {
                                    restart.run();
                                    restarted.set(true);
                                    return session;
                                }))
                .asLongAsDuring(session -> !restarted.get(), Duration.ofSeconds(10)).on(pause(Duration.ofMillis(5)))
                .exec(gws("Ready after restart").ready(CHAT),        // the session is gone: it logs in again
                        gws("Ready when logged out").ready(CHAT),      // statusCode 2: the new target forgot it
                        gws("Session again").startSession(CHAT),
                        gws("Ready again").ready(CHAT))
                .repeat(2).on(toggle)
                .exec(gws("Logout").logout())
                .injectOpen(atOnceUsers(agents)))
                .protocols(gws().channels(CHAT))
                .maxDuration(Duration.ofMinutes(1));
    }
}
