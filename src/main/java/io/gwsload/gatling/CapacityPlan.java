package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;

import java.time.Duration;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gwsload.report.CapacityLevels;

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
 */
public final class CapacityPlan {
    private final CapacityLevels levels;

    private CapacityPlan(CapacityLevels levels) {
        this.levels = levels;
    }

    /** Levels {@code start, start + step, ...}, {@code count} of them, each lasting {@code levelDuration}. */
    public static CapacityPlan steps(double start, double step, int count, Duration levelDuration) {
        return new CapacityPlan(new CapacityLevels(start, step, count, levelDuration, Duration.ofSeconds(2),
                Duration.ZERO, "Accept", Duration.ofSeconds(1), 1.0));
    }

    /** The ramp between two levels (2 s by default). */
    public CapacityPlan rampsLasting(Duration ramp) {
        CapacityLevels l = levels;
        return new CapacityPlan(new CapacityLevels(l.startRate(), l.step(), l.levels(), l.levelDuration(), ramp,
                l.warmup(), l.headlineRequest(), l.sloP99(), l.sloMaxKoPercent()));
    }

    /** Nothing is injected for this long first (agents log in and get ready meanwhile). */
    public CapacityPlan afterWarmup(Duration warmup) {
        CapacityLevels l = levels;
        return new CapacityPlan(new CapacityLevels(l.startRate(), l.step(), l.levels(), l.levelDuration(),
                l.rampDuration(), warmup, l.headlineRequest(), l.sloP99(), l.sloMaxKoPercent()));
    }

    /** The request judged per level and its SLO: p99 at most {@code p99}, KO at most {@code maxKoPercent}. */
    public CapacityPlan judgedOn(String requestName, Duration p99, double maxKoPercent) {
        CapacityLevels l = levels;
        return new CapacityPlan(new CapacityLevels(l.startRate(), l.step(), l.levels(), l.levelDuration(),
                l.rampDuration(), l.warmup(), requestName, p99, maxKoPercent));
    }

    /** The open injection profile of the load population. */
    public OpenInjectionStep[] injection() {
        OpenInjectionStep stairs = incrementUsersPerSec(levels.step()).times(levels.levels())
                .eachLevelLasting(levels.levelDuration()).separatedByRampsLasting(levels.rampDuration())
                .startingFrom(levels.startRate());
        return levels.warmup().isZero() ? new OpenInjectionStep[] {stairs}
                : new OpenInjectionStep[] {nothingFor(levels.warmup()), stairs};
    }

    /** How long the whole profile lasts, warm-up included. */
    public Duration duration() {
        return levels.totalDuration();
    }

    CapacityLevels levels() {
        return levels;
    }
}
