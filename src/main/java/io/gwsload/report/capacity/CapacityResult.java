package io.gwsload.report.capacity;

import java.util.List;

/**
 * The capacity verdict of a stepped run, as written to {@code summary.json} and {@code capacity.html}.
 *
 * @param headlineRequest   the request name judged per level, or {@code *} for every request together
 * @param capacityLevel     the highest level that met the SLO below the saturation level (0: none did)
 * @param capacityRate      that level's offered rate (0 when none)
 * @param peakAchievedRate  the highest rate of OK headline requests any level achieved: the saturation
 *                          throughput when the top levels were beyond the server's limit
 * @param kneeLevel         the saturation level: the first level from which every level missed the SLO
 *                          (0 when the last level met it)
 * @param disturbedLevels   levels below the saturation level that missed the SLO while a higher one met it
 *                          again: a passing disturbance (a pause, a noisy neighbour), not the limit
 * @param generatorLimitedLevels levels where the load generator, not the target, fell short: under 95% of
 *                          the offered rate was sent while the target met the latency and KO objectives and
 *                          left nothing piling up unanswered, or the generator's CPU was saturated
 * @param stated            whether the run states the target's capacity: some level met the SLO and the
 *                          generator was not the bottleneck at the levels that decided it
 * @param verdict           one sentence (or a few) a person can read
 * @param reasoning         how the verdict was reached, level by level, in words
 * @param plan              the schedule the levels were cut from, so shards' logs can be re-cut when merged
 */
public record CapacityResult(String headlineRequest, long sloP99Us, double sloMaxKoPercent, List<LevelResult> levels,
        int capacityLevel, double capacityRate, double peakAchievedRate, int kneeLevel, List<Integer> disturbedLevels,
        List<Integer> generatorLimitedLevels, boolean stated, String verdict, List<String> reasoning, Plan plan) {

    /**
     * One level, judged on the headline request.
     *
     * @param sentRate        headline requests sent and ended within the level's samples (OK + KO), per second
     * @param pendingGrowth   how many more operations were pending (sent, not ended) at the level's last sample
     *                        than at its first: a target holding requests unanswered, not a slow generator
     * @param samples         interval samples the level was judged on
     * @param measuredSeconds how long those samples cover
     * @param generatorCores  the generator process's CPU over the level, in cores (0 when not measured)
     * @param judgement       why the level met or missed the SLO, in words
     * @param requests        every request name's figures at this level
     */
    public record LevelResult(int level, double offeredRate, double sentRate, double achievedRate, long ok, long ko,
            double koPercent, long p50Us, long p95Us, long p99Us, long maxUs, int samples, double measuredSeconds,
            boolean meetsSlo, boolean generatorLimited, long pendingGrowth, double generatorCores, String judgement,
            List<RequestLevel> requests) {
    }

    /** One request name at one level. */
    public record RequestLevel(String name, long ok, long ko, double okPerSecond, double koPercent, long p50Us,
            long p95Us, long p99Us, long maxUs) {
    }

    /**
     * The stepped schedule in plain numbers.
     *
     * @param loadWarmupSeconds    how long the first level's load ran, unjudged, before the first level
     * @param injectionStartMillis epoch ms at which injection began (the levels' offsets count from it)
     */
    public record Plan(double startRate, double step, int levels, double levelSeconds, double rampSeconds,
            double warmupSeconds, double loadWarmupSeconds, long injectionStartMillis) {
    }
}
