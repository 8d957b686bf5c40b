package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * For the fault tests: agents log in, toggle Ready / NotReady {@code -Dbefore} times, then the first agent
 * injects the test's fault ({@link #fault}: kill the target, stall the network, ...), toggles {@code -Dduring}
 * times under it and runs {@link #faultEnd}; every agent goes on, once the fault has begun, for {@code -Dafter} more
 * toggles and logs out; {@code -Dpace} between toggles. No assertions: the test reads the summary.
 */
public class FaultMatrixSimulation extends Simulation {
    /** What the first agent does between the two halves; set by the test before the run. */
    public static volatile Runnable fault = () -> { };
    /** What the first agent does after {@code -Dduring} toggles under the fault (e.g. switch it off). */
    public static volatile Runnable faultEnd = () -> { };

    private final int agents = Params.integer("agents", 2, 1, 100);
    private final int before = Params.integer("before", 3, 0, 1000);
    private final int during = Params.integer("during", 0, 0, 1000);
    private final int after = Params.integer("after", 6, 0, 1000);
    private final java.time.Duration pace = Params.duration("pace", "0s");

    /** Agents logged in so far: the fault starts only when every agent is in (a 503 burst must not hit a login). */
    private static final java.util.concurrent.atomic.AtomicInteger loggedIn = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * The fault has begun: the other agents' {@code -Dafter} toggles wait for it, so every agent meets it (before, the
     * second agent could finish all its toggles while the first was still on its way to the fault).
     */
    private static final java.util.concurrent.atomic.AtomicBoolean faultBegun = new java.util.concurrent.atomic.AtomicBoolean();

    /** Waits (polled every 5 ms, without a thread) until {@code condition}, for at most 10 s. */
    private static ChainBuilder waitUntil(java.util.function.BooleanSupplier condition) {
        return asLongAsDuring(session -> !condition.getAsBoolean(), java.time.Duration.ofSeconds(10))
                .on(pause(java.time.Duration.ofMillis(5)));
    }

    private final ChainBuilder toggle = exec(gws("Ready").ready(CHAT), gws("NotReady").notReady(CHAT)).pause(pace);

    {
        loggedIn.set(0);
        faultBegun.set(false);
        setUp(scenario("Agents meeting a fault")
                .exec(gws("Login").login().channels(CHAT))
                .exitHereIfFailed()
                .exec(session -> {
                    loggedIn.incrementAndGet();
                    return session;
                })
                .repeat(before).on(toggle)
                .doIf(session -> session.userId() == 1).then(waitUntil(() -> loggedIn.get() >= agents)
                        .exec(session -> {
                            fault.run();
                            faultBegun.set(true);
                            return session;
                        })
                        .repeat(during).on(toggle)
                        .exec(session -> {
                            faultEnd.run();
                            return session;
                        }))
                .doIf(session -> session.userId() != 1).then(waitUntil(faultBegun::get))
                .repeat(after).on(toggle)
                .exec(gws("Logout").logout())
                .injectOpen(atOnceUsers(agents)))
                .protocols(gws().channels(CHAT));
    }
}
