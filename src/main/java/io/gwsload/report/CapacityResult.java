package io.gwsload.report;

import java.util.List;

/**
 * The capacity verdict of a stepped run, as written to {@code summary.json} and {@code capacity.html}.
 *
 * @param headlineRequest   the request name judged per level, or {@code *} for every request together
 * @param capacityLevel     the highest level such that it and every level before it met the SLO (0: none did)
 * @param capacityRate      that level's offered rate (0 when none)
 * @param peakAchievedRate  the highest rate of OK headline requests any level achieved: the saturation
 *                          throughput when the top levels were beyond the server's limit
 * @param kneeLevel         the first level whose p99 is more than twice the previous one's, or where the
 *                          achieved rate fell below 95% of the offered (0 when none)
 * @param generatorLimitedLevels levels where the load generator, not the target, fell short: under 95% of
 *                          the offered rate was sent while the target met the latency and KO objectives and
 *                          left nothing piling up unanswered
 * @param verdict           one sentence (or three) a person can read
 * @param plan              the schedule the levels were cut from, so shards' logs can be re-cut when merged
 */
public record CapacityResult(String headlineRequest, long sloP99Us, double sloMaxKoPercent, List<LevelResult> levels,
        int capacityLevel, double capacityRate, double peakAchievedRate, int kneeLevel,
        List<Integer> generatorLimitedLevels, String verdict, Plan plan) {

    /**
     * One level, judged on the headline request.
     *
     * @param sentRate        headline requests sent and ended within the level's samples (OK + KO), per second
     * @param pendingGrowth   how many more operations were pending (sent, not ended) at the level's last sample
     *                        than at its first: a target holding requests unanswered, not a slow generator
     * @param samples         interval samples the level was judged on
     * @param measuredSeconds how long those samples cover
     * @param requests        every request name's figures at this level
     */
    public record LevelResult(int level, double offeredRate, double sentRate, double achievedRate, long ok, long ko,
            double koPercent, long p50Us, long p95Us, long p99Us, long maxUs, int samples, double measuredSeconds,
            boolean meetsSlo, boolean generatorLimited, long pendingGrowth, List<RequestLevel> requests) {
    }

    /** One request name at one level. */
    public record RequestLevel(String name, long ok, long ko, double okPerSecond, double koPercent, long p50Us,
            long p95Us, long p99Us, long maxUs) {
    }

    /**
     * The stepped schedule in plain numbers.
     *
     * @param injectionStartMillis epoch ms at which injection began (the levels' offsets count from it)
     */
    public record Plan(double startRate, double step, int levels, double levelSeconds, double rampSeconds,
            double warmupSeconds, long injectionStartMillis) {
    }
}
