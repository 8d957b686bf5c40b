package io.gwsload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Cutting one-second samples into levels, and the verdict: capacity, knee, SLO. */
class CapacityAnalysisTest {
    // Levels of 2, 4, 6/s, 10 s each, 2 s ramps, after 5 s of warm-up: plateaus at 5-15, 17-27, 29-39 s.
    private final CapacityLevels plan = new CapacityLevels(2, 2, 3, Duration.ofSeconds(10), Duration.ofSeconds(2),
            Duration.ofSeconds(5), "Accept", Duration.ofMillis(100), 1.0);

    @Test
    void samplesGoToTheSettledPlateauTheyLieIn() {
        CapacityAnalysis a = new CapacityAnalysis(plan);
        assertEquals(-1, a.levelOf(4_000, 5_000), "warm-up");
        assertEquals(-1, a.levelOf(5_000, 6_000), "the first second of a level settles");
        assertEquals(0, a.levelOf(6_000, 7_000));
        assertEquals(0, a.levelOf(14_000, 15_000));
        assertEquals(-1, a.levelOf(14_500, 15_500), "across the end of a level");
        assertEquals(-1, a.levelOf(16_000, 17_000), "the ramp");
        assertEquals(1, a.levelOf(18_000, 19_000));
        assertEquals(2, a.levelOf(38_000, 39_000));
    }

    @Test
    void capacityIsTheLastLevelOfAnUnbrokenRunThatMetTheSlo() {
        CapacityAnalysis a = new CapacityAnalysis(plan);
        level(a, 0, 2, 20_000);   // 2/s achieved, p99 20 ms: met
        level(a, 1, 4, 30_000);   // 4/s, 30 ms: met (less than twice the level before)
        level(a, 2, 4, 150_000);  // only 4 of 6/s, 150 ms: missed, and the knee (p99 tripled, rate fell behind)
        CapacityResult r = a.result(0);
        assertEquals(2, r.capacityLevel());
        assertEquals(4.0, r.capacityRate());
        assertEquals(3, r.kneeLevel());
        assertTrue(r.levels().get(0).meetsSlo() && r.levels().get(1).meetsSlo() && !r.levels().get(2).meetsSlo());
        assertEquals(4.0, r.levels().get(2).achievedRate());
        assertTrue(r.verdict().startsWith("Capacity: 4.0/s (level 2 of 3) with Accept p99 30.0 ms <= 100 ms"),
                r.verdict());
        String html = CapacityHtml.render("run", r, null, null);
        assertTrue(html.contains("<svg") && html.contains("missed") && html.contains(r.verdict().substring(0, 20)));
    }

    @Test
    void koBeyondTheSloMissesALevel() {
        CapacityAnalysis a = new CapacityAnalysis(plan);
        level(a, 0, 2, 10_000);
        a.add(0, "Accept", new Histogram(3), 1); // 1 KO out of 21
        CapacityResult r = a.result(0);
        assertTrue(r.levels().get(0).koPercent() > 1.0);
        assertEquals(0, r.capacityLevel());
        assertTrue(r.verdict().startsWith("No level met the SLO"), r.verdict());
    }

    /** Ten one-second samples at {@code perSecond} OK Accepts of {@code micros} each. */
    private static void level(CapacityAnalysis a, int level, int perSecond, long micros) {
        for (int s = 0; s < 10; s++) {
            Histogram h = new Histogram(3);
            h.recordValueWithCount(micros, perSecond);
            a.sampleTaken(level, 1_000);
            a.add(level, "Accept", h, 0);
        }
    }
}
