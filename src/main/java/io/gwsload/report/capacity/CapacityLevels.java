package io.gwsload.report.capacity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The schedule of a stepped capacity run and its service level objective: after {@code warmup} (agents
 * log in) and {@code loadWarmup} (the first level's load, not judged: the generator's and the target's
 * JIT compilers, pools and caches warm up), level {@code i} offers {@code startRate + i * step}
 * operations per second (Gatling's
 * {@code incrementUsersPerSec(step).times(levels).eachLevelLasting(d).separatedByRampsLasting(r).startingFrom(s)}).
 * A level meets the SLO when the headline request's p99 is at most {@code sloP99}, its KO share at most
 * {@code sloMaxKoPercent}, and it kept up with at least 90% of the offered rate.
 *
 * @param headlineRequest the request name judged per level, e.g. {@code Accept}
 */
public record CapacityLevels(double startRate, double step, int levels, Duration levelDuration, Duration rampDuration,
        Duration warmup, Duration loadWarmup, String headlineRequest, Duration sloP99, double sloMaxKoPercent) {

    /** A level is judged only on samples taken this long after it began, to leave out the step's transient. */
    public static final Duration SETTLE = Duration.ofSeconds(1);

    public CapacityLevels {
        Objects.requireNonNull(headlineRequest, "headlineRequest");
        Objects.requireNonNull(loadWarmup, "loadWarmup");
        if (levels < 1 || step <= 0 || startRate < 0) {
            throw new IllegalArgumentException("a capacity plan needs at least one level, a positive step and a "
                    + "start rate of 0 or more");
        }
        if (levelDuration.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("each capacity level must last at least 2 s, got " + levelDuration);
        }
        if (loadWarmup.isNegative() || warmup.isNegative() || rampDuration.isNegative()) {
            throw new IllegalArgumentException("warm-ups and ramps cannot be negative");
        }
    }

    /** Levels from {@code startRate} in steps of {@code step}, 2 s ramps, no warm-up, Accept p99 1 s and 1 % KO. */
    public static CapacityLevels of(double startRate, double step, int levels, Duration levelDuration) {
        return new CapacityLevels(startRate, step, levels, levelDuration, Duration.ofSeconds(2), Duration.ZERO,
                Duration.ZERO, "Accept", Duration.ofSeconds(1), 1.0);
    }

    public CapacityLevels withRamps(Duration ramp) {
        return new CapacityLevels(startRate, step, levels, levelDuration, ramp, warmup, loadWarmup, headlineRequest,
                sloP99, sloMaxKoPercent);
    }

    public CapacityLevels withWarmup(Duration logins, Duration load) {
        return new CapacityLevels(startRate, step, levels, levelDuration, rampDuration, logins, load, headlineRequest,
                sloP99, sloMaxKoPercent);
    }

    public CapacityLevels judgedOn(String request, Duration p99, double maxKoPercent) {
        return new CapacityLevels(startRate, step, levels, levelDuration, rampDuration, warmup, loadWarmup, request,
                p99, maxKoPercent);
    }

    /** One level: its offered rate and its plateau, as offsets from the start of injection. */
    public record Level(int index, double rate, Duration start, Duration end) {
    }

    /** The first level's rate: the load of the load warm-up. */
    public double firstRate() {
        return startRate == 0 ? step : startRate;
    }

    /** When the first level's ramp (or, from a non-zero start, its plateau) begins: both warm-ups are over. */
    public Duration loadStart() {
        return warmup.plus(loadWarmup);
    }

    /** The plateaus, following Gatling's stairs: with a zero start rate each level is preceded by its ramp. */
    public List<Level> plateaus() {
        List<Level> list = new ArrayList<>(levels);
        Duration period = levelDuration.plus(rampDuration);
        for (int i = 0; i < levels; i++) {
            double rate = startRate == 0 ? (i + 1) * step : startRate + i * step;
            Duration start = loadStart().plus(period.multipliedBy(i));
            if (startRate == 0) {
                start = start.plus(rampDuration);
            }
            list.add(new Level(i + 1, rate, start, start.plus(levelDuration)));
        }
        return list;
    }

    /** Total length of the injection profile, warm-ups included. */
    public Duration totalDuration() {
        Level last = plateaus().get(levels - 1);
        return last.end();
    }
}
