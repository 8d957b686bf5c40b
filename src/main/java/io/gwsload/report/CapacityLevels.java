package io.gwsload.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The schedule of a stepped capacity run and its service level objective: level {@code i} offers
 * {@code startRate + i * step} operations per second (Gatling's
 * {@code incrementUsersPerSec(step).times(levels).eachLevelLasting(d).separatedByRampsLasting(r).startingFrom(s)},
 * after {@code warmup}), and a level meets the SLO when the headline request's p99 is at most
 * {@code sloP99}, its KO share at most {@code sloMaxKoPercent}, and it kept up with at least 90% of
 * the offered rate.
 *
 * @param headlineRequest the request name judged per level, e.g. {@code Accept}
 */
public record CapacityLevels(double startRate, double step, int levels, Duration levelDuration, Duration rampDuration,
        Duration warmup, String headlineRequest, Duration sloP99, double sloMaxKoPercent) {

    /** A level is judged only on samples taken this long after it began, to leave out the step's transient. */
    public static final Duration SETTLE = Duration.ofSeconds(1);

    public CapacityLevels {
        Objects.requireNonNull(headlineRequest, "headlineRequest");
        if (levels < 1 || step <= 0 || startRate < 0) {
            throw new IllegalArgumentException("a capacity plan needs at least one level, a positive step and a "
                    + "start rate of 0 or more");
        }
        if (levelDuration.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new IllegalArgumentException("each capacity level must last at least 2 s, got " + levelDuration);
        }
    }

    /** One level: its offered rate and its plateau, as offsets from the start of injection. */
    public record Level(int index, double rate, Duration start, Duration end) {
    }

    /** The plateaus, following Gatling's stairs: with a zero start rate each level is preceded by its ramp. */
    public List<Level> plateaus() {
        List<Level> list = new ArrayList<>(levels);
        Duration period = levelDuration.plus(rampDuration);
        for (int i = 0; i < levels; i++) {
            double rate = startRate == 0 ? (i + 1) * step : startRate + i * step;
            Duration start = warmup.plus(period.multipliedBy(i));
            if (startRate == 0) {
                start = start.plus(rampDuration);
            }
            list.add(new Level(i + 1, rate, start, start.plus(levelDuration)));
        }
        return list;
    }

    /** Total length of the injection profile, warm-up included. */
    public Duration totalDuration() {
        Level last = plateaus().get(levels - 1);
        return last.end();
    }
}
