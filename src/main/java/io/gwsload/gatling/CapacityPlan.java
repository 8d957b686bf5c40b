package io.gwsload.gatling;

import io.gwsload.gatling.runtime.Shard;

import io.gwsload.gatling.action.GwsAction;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.holdFor;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.jumpToRps;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.reachRps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ThrottleStep;
import io.gwsload.collector.tracker.AgentTracker;
import io.gwsload.report.capacity.CapacityLevels;

/**
 * A stepped capacity run: the Gatling injection profile of the load (arrivals per second, level by
 * level) and the SLO each level is judged against. Give it to the protocol with
 * {@code gws().capacity(plan)} and inject the load population with {@code plan.injection()}; the run
 * then writes {@code capacity.html} and a {@code capacity} section in {@code summary.json}.
 *
 * <pre>{@code
 * CapacityPlan plan = CapacityPlan.steps(2, 2, 5, Duration.ofSeconds(15))   // 2, 4, 6, 8, 10 /s
 *     .judgedOn("Accept", Duration.ofMillis(500), 1.0);                     // p99 <= 500 ms, KO <= 1 %
 * }</pre>
 *
 * <p>Two ways to offer the load: arrivals ({@link #injection()}: each level injects that many new users
 * per second, e.g. customers whose chats agents accept), or a throttle on a population that is already
 * there ({@link #throttle()}: logged-in agents loop on operations and Gatling's throttle lets that many
 * requests per second through, level by level; with {@link #waitForLoad()} after their login they start
 * when the warm-up ends). The second finds a server's limit in operations per second: the agents must
 * be enough to send the top level at the latencies it brings, and the report says when they were not.
 */
public final class CapacityPlan {
    /** The throttle during the warm-up: logins and set-up are not held back. */
    private static final int WARMUP_RPS = 1_000_000;
    /** How long the last level's rate holds after its plateau (outside every level's samples). */
    private static final Duration TAIL = Duration.ofSeconds(5);
    /** How long the throttle lets users finish after the last level. */
    private static final Duration FINISH = Duration.ofSeconds(60);

    private final CapacityLevels levels;

    private CapacityPlan(CapacityLevels levels) {
        this.levels = levels;
    }

    /** Levels {@code start, start + step, ...}, {@code count} of them, each lasting {@code levelDuration}. */
    public static CapacityPlan steps(double start, double step, int count, Duration levelDuration) {
        return new CapacityPlan(CapacityLevels.of(start, step, count, levelDuration));
    }

    /** The ramp between two levels (2 s by default). */
    public CapacityPlan rampsLasting(Duration ramp) {
        return new CapacityPlan(levels.withRamps(ramp));
    }

    /** Nothing is injected for this long first (agents log in and get ready meanwhile). */
    public CapacityPlan afterWarmup(Duration warmup) {
        return new CapacityPlan(levels.withWarmup(warmup, levels.loadWarmup()));
    }

    /**
     * After the login warm-up, the first level's load runs this long before the first level is judged: the
     * generator's and the target's JIT compilers, connection pools and caches warm up, so that the first
     * level does not measure a cold start (none by default).
     */
    public CapacityPlan warmingUpUnderLoad(Duration load) {
        return new CapacityPlan(levels.withWarmup(levels.warmup(), load));
    }

    /**
     * The request judged per level and its SLO: p99 at most {@code p99}, KO at most {@code maxKoPercent}.
     * {@code "*"} judges every operation together (each once: not again through its {@code "… HTTP"} timing),
     * for a server's limit in operations per second.
     */
    public CapacityPlan judgedOn(String requestName, Duration p99, double maxKoPercent) {
        return new CapacityPlan(levels.judgedOn(requestName, p99, maxKoPercent));
    }

    /** The open injection profile of the load population. */
    public OpenInjectionStep[] injection() {
        OpenInjectionStep stairs = incrementUsersPerSec(levels.step()).times(levels.levels())
                .eachLevelLasting(levels.levelDuration()).separatedByRampsLasting(levels.rampDuration())
                .startingFrom(levels.startRate());
        List<OpenInjectionStep> steps = new ArrayList<>(3);
        if (!levels.warmup().isZero()) {
            steps.add(nothingFor(levels.warmup()));
        }
        if (!levels.loadWarmup().isZero()) {
            steps.add(constantUsersPerSec(levels.firstRate()).during(levels.loadWarmup()));
        }
        steps.add(stairs);
        return steps.toArray(OpenInjectionStep[]::new);
    }

    /**
     * The same levels as a throttle for a closed population ({@code scn.injectOpen(...).throttle(plan.throttle())}):
     * no limit during the warm-up, then each level's rate of requests per second (rounded: Gatling's
     * throttle takes whole numbers).
     */
    public ThrottleStep[] throttle() {
        List<ThrottleStep> steps = new ArrayList<>();
        if (!levels.warmup().isZero()) {
            steps.add(jumpToRps(WARMUP_RPS));
            steps.add(holdFor(levels.warmup()));
        }
        if (!levels.loadWarmup().isZero()) {
            steps.add(jumpToRps(wholeRate(levels.firstRate(), 1)));
            steps.add(holdFor(levels.loadWarmup()));
        }
        for (CapacityLevels.Level level : levels.plateaus()) {
            int rate = wholeRate(level.rate(), level.index());
            if (level.index() == 1 && levels.startRate() > 0) {
                steps.add(jumpToRps(rate));
            } else {
                steps.add(reachRps(rate).in(levels.rampDuration()));
            }
            steps.add(holdFor(levels.levelDuration()));
        }
        // The last level's rate holds a little longer: users whose loop ends a moment after the schedule
        // would otherwise meet no throttle at all and burst. Then Gatling stops the run when the throttle
        // ends: a last unthrottled while lets the logouts finish (the run ends as soon as every user is done).
        steps.add(holdFor(TAIL));
        steps.add(jumpToRps(WARMUP_RPS));
        steps.add(holdFor(FINISH));
        return steps.toArray(ThrottleStep[]::new);
    }

    /** A level's rate as Gatling's throttle takes it: whole requests per second, refused in one sentence if not. */
    private static int wholeRate(double perSecond, int level) {
        if (perSecond < 0.5) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "A throttled capacity plan needs rates "
                    + "of at least 1/s (Gatling's throttle counts whole requests); level %d is %s/s.", level,
                    perSecond));
        }
        int rate = (int) Math.round(perSecond);
        if (Math.abs(rate - perSecond) > 0.02 * perSecond) { // e.g. a shard's share of 10/s among 4
            throw new IllegalArgumentException(String.format(Locale.ROOT, "Gatling's throttle counts whole "
                    + "requests per second, and level %d offers %.2f/s on this generator%s: choose rates that are "
                    + "whole numbers here.", level, perSecond, Shard.current().isWhole() ? ""
                    : " (its share as shard " + Shard.current() + ")"));
        }
        return rate;
    }

    /**
     * A step that holds the virtual user (without a thread) until the warm-up is over, counted from the
     * run's first gws-load action: agents that logged in during the warm-up start the throttled load together.
     */
    public ActionBuilder waitForLoad() {
        Duration warmup = levels.warmup();
        return new SimpleActionBuilder((ctx, next) -> new WaitForLoad(warmup, ctx, next));
    }

    private static final class WaitForLoad extends GwsAction {
        private final Duration warmup;

        WaitForLoad(Duration warmup, ScenarioContext ctx, Action next) {
            super("wait for the capacity load", ctx, next);
            this.warmup = warmup;
        }

        @Override
        protected void run(Session session) {
            long delay = components.runtime.firstActionMillis() + warmup.toMillis() - System.currentTimeMillis();
            if (delay <= 0) {
                next.$bang(session);
            } else {
                session.eventLoop().schedule(() -> next.$bang(session), delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * The run's capacity verdict as a request Gatling judges: a step (for a scenario of one user of its own,
     * unthrottled) that waits until the last level has been sampled, then records {@value #VERDICT} OK when
     * the run states the target's capacity, and KO with the verdict when it cannot (no level met the SLO) or
     * when the generator rather than the target decided it. Assert on it so that such a run fails the build:
     * {@code details(CapacityPlan.VERDICT).failedRequests().count().is(0L)}.
     */
    public ActionBuilder verdict() {
        Duration until = levels.totalDuration().plus(VERDICT_DELAY);
        return new SimpleActionBuilder((ctx, next) -> new Verdict(until, ctx, next));
    }

    /** The request name of {@link #verdict()}. */
    public static final String VERDICT = "Capacity verdict";
    /** After the last level: its last one-second sample is taken. */
    private static final Duration VERDICT_DELAY = Duration.ofMillis(1500);

    private static final class Verdict extends GwsAction {
        private final Duration until;

        Verdict(Duration until, ScenarioContext ctx, Action next) {
            super(VERDICT, ctx, next);
            this.until = until;
        }

        @Override
        protected void run(Session session) {
            long delay = components.runtime.firstActionMillis() + until.toMillis() - System.currentTimeMillis();
            // Completions held for attribution keep their intervals open as long as their holds (docs/completion.md).
            long giveUp = System.currentTimeMillis() + Math.max(0, delay) + AgentTracker.LONGEST_HOLD_TIMEOUTS
                    * components.runtime.config.operationTimeout().toMillis() + 2_000;
            session.eventLoop().schedule(() -> judgeWhenComplete(session, giveUp), Math.max(0, delay),
                    TimeUnit.MILLISECONDS);
        }

        private void judgeWhenComplete(Session session, long giveUp) {
            if (components.runtime.recorder.capacityComplete() || System.currentTimeMillis() >= giveUp) {
                judge(session);
            } else {
                session.eventLoop().schedule(() -> judgeWhenComplete(session, giveUp), 250, TimeUnit.MILLISECONDS);
            }
        }

        private void judge(Session session) {
            long now = System.nanoTime();
            io.gwsload.report.capacity.CapacityResult result = components.runtime.recorder.capacityResult();
            boolean stated = result != null && result.stated();
            String why = result == null ? "this run has no capacity plan: give the protocol .capacity(plan)"
                    : result.verdict();
            record(session, VERDICT, now, now, stated ? null : io.gwsload.collector.Outcome.CHECK_FAILED, why);
            next.$bang(stated ? session : session.markAsFailed());
        }
    }

    /** How long the whole profile lasts, warm-up included. */
    public Duration duration() {
        return levels.totalDuration();
    }

    public CapacityLevels levels() {
        return levels;
    }
}
