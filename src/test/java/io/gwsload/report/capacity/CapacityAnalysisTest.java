package io.gwsload.report.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Cutting one-second samples into levels, and the verdict: capacity, saturation, disturbed levels, SLO. */
class CapacityAnalysisTest {
    // Levels of 20, 40, 60/s, 10 s each, 2 s ramps, after 5 s of warm-up: plateaus at 5-15, 17-27, 29-39 s.
    private final CapacityLevels plan = CapacityLevels.of(20, 20, 3, Duration.ofSeconds(10))
            .withWarmup(Duration.ofSeconds(5), Duration.ZERO).judgedOn("Accept", Duration.ofMillis(100), 1.0);

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
    void theLoadWarmupComesBeforeTheFirstLevelAndIsNeverJudged() {
        CapacityLevels warm = plan.withWarmup(Duration.ofSeconds(5), Duration.ofSeconds(4));
        CapacityAnalysis a = new CapacityAnalysis(warm);
        assertEquals(-1, a.levelOf(6_000, 7_000), "the load warm-up (5-9 s)");
        assertEquals(0, a.levelOf(10_000, 11_000), "level 1 from 9 s, after its settle");
        assertEquals(Duration.ofSeconds(43), warm.totalDuration());
    }

    @Test
    void capacityIsTheLastLevelMetBelowASustainedMiss() {
        CapacityAnalysis a = new CapacityAnalysis(plan);
        level(a, 0, 20, 20_000);   // 20/s achieved, p99 20 ms: met
        level(a, 1, 40, 30_000);   // met
        level(a, 2, 40, 150_000);  // only 40 of 60/s, 150 ms: missed
        CapacityResult r = a.result(0);
        assertEquals(2, r.capacityLevel());
        assertEquals(40.0, r.capacityRate());
        assertEquals(3, r.kneeLevel());
        assertTrue(r.stated());
        assertEquals(List.of(), r.disturbedLevels());
        assertTrue(r.levels().get(0).meetsSlo() && r.levels().get(1).meetsSlo() && !r.levels().get(2).meetsSlo());
        assertTrue(r.verdict().startsWith("Capacity: 40.0/s (level 2 of 3) with Accept p99 30.0 ms <= 100 ms"),
                r.verdict());
        assertTrue(r.verdict().contains("only the last level: unconfirmed"), r.verdict());
        assertTrue(r.levels().get(2).judgement().startsWith("missed: p99 150.0 ms > 100 ms"),
                r.levels().get(2).judgement());
        String html = CapacityHtml.render("run", r, null, null);
        assertTrue(html.contains("<svg") && html.contains("missed") && html.contains("How the verdict was reached"));
    }

    @Test
    void oneDisturbedLevelDoesNotZeroTheCapacity() {
        CapacityLevels five = CapacityLevels.of(20, 20, 5, Duration.ofSeconds(10))
                .judgedOn("Accept", Duration.ofMillis(100), 1.0);
        CapacityAnalysis a = new CapacityAnalysis(five);
        level(a, 0, 20, 550_000);  // a cold start or a pause: missed
        level(a, 1, 40, 20_000);
        level(a, 2, 60, 25_000);
        level(a, 3, 70, 400_000);  // saturated
        level(a, 4, 70, 500_000);
        CapacityResult r = a.result(0);
        assertEquals(3, r.capacityLevel(), r.verdict());
        assertEquals(List.of(1), r.disturbedLevels());
        assertEquals(4, r.kneeLevel());
        assertTrue(r.stated());
        assertTrue(r.verdict().contains("(2 levels: confirmed)") && r.verdict().contains("Level 1 missed"),
                r.verdict());
    }

    @Test
    void koBeyondTheSloMissesALevelAndNoCapacityIsStated() {
        CapacityAnalysis a = new CapacityAnalysis(plan);
        level(a, 0, 20, 10_000);
        a.add(0, "Accept", new Histogram(3), 3); // 3 KO out of 203
        CapacityResult r = a.result(0);
        assertTrue(r.levels().get(0).koPercent() > 1.0);
        assertEquals(0, r.capacityLevel());
        assertFalse(r.stated());
        assertTrue(r.verdict().startsWith("No level met the SLO"), r.verdict());
    }

    @Test
    void aLevelWithTooFewOperationsIsNotJudged() {
        CapacityAnalysis a = new CapacityAnalysis(plan);
        level(a, 0, 2, 10_000); // 20 operations
        CapacityResult r = a.result(0);
        assertFalse(r.levels().get(0).meetsSlo());
        assertTrue(r.levels().get(0).judgement().startsWith("not judged: only 20 operations"),
                r.levels().get(0).judgement());
    }

    @Test
    void aSaturatedGeneratorCpuDecidesNothingOfTheTarget() {
        CapacityAnalysis a = new CapacityAnalysis(plan);
        level(a, 0, 20, 20_000);
        level(a, 1, 40, 300_000);
        level(a, 2, 40, 300_000);
        for (int s = 0; s < 10; s++) {
            a.generatorCpu(1, 1.95, 2);
        }
        CapacityResult r = a.result(0);
        assertEquals(List.of(2), r.generatorLimitedLevels());
        assertFalse(r.stated(), "level 2 decided the limit, and the generator's CPU was saturated there");
        assertTrue(r.verdict().contains("used 1.9 of the generator's 2 cores")
                || r.verdict().contains("used 2.0 of the generator's 2 cores"), r.verdict());
    }

    /** Ten one-second intervals at {@code perSecond} OK Accepts of {@code micros} each. */
    private static void level(CapacityAnalysis a, int level, int perSecond, long micros) {
        for (int s = 0; s < 10; s++) {
            Histogram h = new Histogram(3);
            h.recordValueWithCount(micros, perSecond);
            a.add(level, "Accept", h, 0);
        }
        a.measured(level, 10, 10_000, 0);
    }
}
