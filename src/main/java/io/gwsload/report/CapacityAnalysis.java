package io.gwsload.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Cuts a stepped run into its levels as it goes (each one-second interval sample is added to the level
 * whose settled plateau contains it; samples across a step are left out), then judges each level against
 * the SLO. Holds one histogram per level and request name, not the samples.
 */
final class CapacityAnalysis {
    private final CapacityLevels plan;
    private final List<CapacityLevels.Level> plateaus;
    private final List<Map<String, Histogram>> ok = new ArrayList<>();
    private final List<Map<String, Long>> ko = new ArrayList<>();
    private final int[] samples;
    private final long[] measuredMillis;

    CapacityAnalysis(CapacityLevels plan) {
        this.plan = plan;
        this.plateaus = plan.plateaus();
        for (int i = 0; i < plateaus.size(); i++) {
            ok.add(new HashMap<>());
            ko.add(new HashMap<>());
        }
        samples = new int[plateaus.size()];
        measuredMillis = new long[plateaus.size()];
    }

    /** The level a sample [fromOffset, toOffset] (ms since injection began) belongs to, or -1. */
    int levelOf(long fromOffset, long toOffset) {
        for (int i = 0; i < plateaus.size(); i++) {
            CapacityLevels.Level level = plateaus.get(i);
            long settled = level.start().plus(CapacityLevels.SETTLE).toMillis();
            if (fromOffset >= settled && toOffset <= level.end().toMillis() + 50) {
                return i;
            }
        }
        return -1;
    }

    /** Starts a sample of one interval for a level. */
    void sampleTaken(int level, long millis) {
        samples[level]++;
        measuredMillis[level] += millis;
    }

    void add(int level, String name, Histogram interval, long koDelta) {
        ok.get(level).computeIfAbsent(name, n -> new Histogram(3)).add(interval);
        if (koDelta > 0) {
            ko.get(level).merge(name, koDelta, Long::sum);
        }
    }

    CapacityResult result() {
        List<CapacityResult.LevelResult> levels = new ArrayList<>();
        String name = plan.headlineRequest();
        long sloUs = plan.sloP99().toNanos() / 1_000;
        for (int i = 0; i < plateaus.size(); i++) {
            Histogram h = ok.get(i).getOrDefault(name, new Histogram(3));
            long okCount = h.getTotalCount();
            long koCount = ko.get(i).getOrDefault(name, 0L);
            double seconds = measuredMillis[i] / 1000.0;
            double achieved = seconds > 0 ? okCount / seconds : 0;
            double koPercent = okCount + koCount == 0 ? 0 : 100.0 * koCount / (okCount + koCount);
            double offered = plateaus.get(i).rate();
            long p99 = okCount == 0 ? 0 : h.getValueAtPercentile(99);
            boolean meets = samples[i] > 0 && okCount > 0 && p99 <= sloUs && koPercent <= plan.sloMaxKoPercent()
                    && achieved >= 0.9 * offered;
            levels.add(new CapacityResult.LevelResult(i + 1, offered, round(achieved), okCount, koCount, round(koPercent),
                    okCount == 0 ? 0 : h.getValueAtPercentile(50), okCount == 0 ? 0 : h.getValueAtPercentile(95), p99,
                    okCount == 0 ? 0 : h.getMaxValue(), samples[i], round(seconds), meets));
        }
        int capacity = 0;
        for (CapacityResult.LevelResult l : levels) {
            if (!l.meetsSlo()) {
                break;
            }
            capacity = l.level();
        }
        int knee = 0;
        for (int i = 1; i < levels.size() && knee == 0; i++) {
            CapacityResult.LevelResult prev = levels.get(i - 1);
            CapacityResult.LevelResult cur = levels.get(i);
            if ((prev.p99Us() > 0 && cur.p99Us() > 2 * prev.p99Us()) || cur.achievedRate() < 0.95 * cur.offeredRate()) {
                knee = cur.level();
            }
        }
        double capacityRate = capacity == 0 ? 0 : levels.get(capacity - 1).offeredRate();
        String verdict;
        if (capacity == 0) {
            verdict = String.format(Locale.ROOT, "No level met the SLO (%s p99 <= %d ms, KO <= %.1f%%, >= 90%% of the "
                    + "offered rate).", name, sloUs / 1000, plan.sloMaxKoPercent());
        } else {
            verdict = String.format(Locale.ROOT, "Capacity: %.1f/s (level %d of %d) with %s p99 %.1f ms <= %d ms and "
                    + "KO %.2f%%%s.", capacityRate, capacity, levels.size(), name,
                    levels.get(capacity - 1).p99Us() / 1000.0, sloUs / 1000, levels.get(capacity - 1).koPercent(),
                    capacity == levels.size() ? "; every level met the SLO, so the limit is above the last level" : "");
        }
        if (knee > 0) {
            verdict += String.format(Locale.ROOT, " Knee at level %d (%.1f/s).", knee, levels.get(knee - 1).offeredRate());
        }
        return new CapacityResult(name, sloUs, plan.sloMaxKoPercent(), levels, capacity, capacityRate, knee, verdict);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
