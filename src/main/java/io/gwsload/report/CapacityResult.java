package io.gwsload.report;

import java.util.List;

/**
 * The capacity verdict of a stepped run, as written to {@code summary.json} and {@code capacity.html}.
 *
 * @param capacityLevel the highest level such that it and every level before it met the SLO (0: none did)
 * @param capacityRate  that level's offered rate (0 when none)
 * @param kneeLevel     the first level whose p99 is more than twice the previous one's, or where the
 *                      achieved rate fell below 95% of the offered (0 when none)
 * @param verdict       one sentence a person can read
 */
public record CapacityResult(String headlineRequest, long sloP99Us, double sloMaxKoPercent, List<LevelResult> levels,
        int capacityLevel, double capacityRate, int kneeLevel, String verdict) {

    /**
     * @param samples      interval samples the level was judged on
     * @param measuredSeconds how long those samples cover
     */
    public record LevelResult(int level, double offeredRate, double achievedRate, long ok, long ko, double koPercent,
            long p50Us, long p95Us, long p99Us, long maxUs, int samples, double measuredSeconds, boolean meetsSlo) {
    }
}
