package io.gwsload.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.HdrHistogram.Histogram;

import io.gwsload.collector.OperationSpec;

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
    /** Operations pending (sent, not ended) at each level's first and last sample; -1 before any. */
    private final long[] firstPending;
    private final long[] lastPending;

    CapacityAnalysis(CapacityLevels plan) {
        this.plan = plan;
        this.plateaus = plan.plateaus();
        for (int i = 0; i < plateaus.size(); i++) {
            ok.add(new HashMap<>());
            ko.add(new HashMap<>());
        }
        samples = new int[plateaus.size()];
        measuredMillis = new long[plateaus.size()];
        firstPending = new long[plateaus.size()];
        lastPending = new long[plateaus.size()];
        java.util.Arrays.fill(firstPending, -1);
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

    /** The collector's pending operations at a sample of a level. */
    void pending(int level, long pending) {
        if (firstPending[level] < 0) {
            firstPending[level] = pending;
        }
        lastPending[level] = pending;
    }

    /**
     * For a merge: a level's samples and measured time (the shards' mean, as each took its own samples of
     * the same schedule) and how much the shards' pending operations grew over it, together.
     */
    void measured(int level, int sampleCount, long millis, long pendingGrowth) {
        samples[level] = sampleCount;
        measuredMillis[level] = millis;
        firstPending[level] = 0;
        lastPending[level] = pendingGrowth;
    }

    void add(int level, String name, Histogram interval, long koDelta) {
        ok.get(level).computeIfAbsent(name, n -> new Histogram(3)).add(interval);
        if (koDelta > 0) {
            ko.get(level).merge(name, koDelta, Long::sum);
        }
    }

    /** Every request name together, as a headline. */
    static final String ALL = "*";

    CapacityResult result(long injectionStartMillis) {
        List<CapacityResult.LevelResult> levels = new ArrayList<>();
        String name = plan.headlineRequest();
        long sloUs = plan.sloP99().toNanos() / 1_000;
        for (int i = 0; i < plateaus.size(); i++) {
            double seconds = measuredMillis[i] / 1000.0;
            List<CapacityResult.RequestLevel> requests = new ArrayList<>();
            Histogram headline = new Histogram(3);
            long koCount = 0;
            Set<String> names = new TreeSet<>(ok.get(i).keySet());
            names.addAll(ko.get(i).keySet());
            for (String request : names) {
                Histogram h = ok.get(i).getOrDefault(request, new Histogram(3));
                long k = ko.get(i).getOrDefault(request, 0L);
                if (h.getTotalCount() + k > 0) { // a name seen earlier (Login) but idle at this level
                    requests.add(requestLevel(request, h, k, seconds));
                }
                if (ALL.equals(name) ? !isHttpPart(request, names) : request.equals(name)) {
                    headline.add(h);
                    koCount += k;
                }
            }
            long okCount = headline.getTotalCount();
            double achieved = seconds > 0 ? okCount / seconds : 0;
            double sent = seconds > 0 ? (okCount + koCount) / seconds : 0;
            double koPercent = okCount + koCount == 0 ? 0 : 100.0 * koCount / (okCount + koCount);
            double offered = plateaus.get(i).rate();
            long p99 = okCount == 0 ? 0 : headline.getValueAtPercentile(99);
            boolean serverKept = samples[i] > 0 && okCount > 0 && p99 <= sloUs && koPercent <= plan.sloMaxKoPercent();
            boolean meets = serverKept && achieved >= 0.9 * offered;
            long pendingGrowth = firstPending[i] < 0 ? 0 : lastPending[i] - firstPending[i];
            // The target answered within its objectives and nothing piled up unanswered, yet the generator
            // did not even send the load.
            boolean generatorLimited = serverKept && sent < 0.95 * offered
                    && pendingGrowth <= Math.max(1, (okCount + koCount) / 100);
            levels.add(new CapacityResult.LevelResult(i + 1, offered, round(sent), round(achieved), okCount, koCount,
                    round(koPercent), percentile(headline, 50), percentile(headline, 95), p99,
                    okCount == 0 ? 0 : headline.getMaxValue(), samples[i], round(seconds), meets, generatorLimited,
                    pendingGrowth, requests));
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
        CapacityResult.LevelResult peak = levels.stream()
                .max(java.util.Comparator.comparingDouble(CapacityResult.LevelResult::achievedRate)).orElseThrow();
        List<Integer> generatorLimited = levels.stream().filter(CapacityResult.LevelResult::generatorLimited)
                .map(CapacityResult.LevelResult::level).toList();
        double capacityRate = capacity == 0 ? 0 : levels.get(capacity - 1).offeredRate();
        String headlineName = ALL.equals(name) ? "every request" : name;
        String verdict;
        if (capacity == 0) {
            verdict = String.format(Locale.ROOT, "No level met the SLO (%s p99 <= %d ms, KO <= %.1f%%, >= 90%% of the "
                    + "offered rate).", headlineName, sloUs / 1000, plan.sloMaxKoPercent());
        } else {
            verdict = String.format(Locale.ROOT, "Capacity: %.1f/s (level %d of %d) with %s p99 %.1f ms <= %d ms and "
                    + "KO %.2f%%%s.", capacityRate, capacity, levels.size(), headlineName,
                    levels.get(capacity - 1).p99Us() / 1000.0, sloUs / 1000, levels.get(capacity - 1).koPercent(),
                    capacity == levels.size() ? "; every level met the SLO, so the limit is above the last level" : "");
        }
        if (knee > 0) {
            verdict += String.format(Locale.ROOT, " Knee at level %d (%.1f/s).", knee, levels.get(knee - 1).offeredRate());
        }
        if (peak.achievedRate() > 0 && peak.level() > capacity && peak.achievedRate() < peak.offeredRate() * 0.95) {
            verdict += String.format(Locale.ROOT, " Peak throughput %.1f/s (level %d, %.1f/s offered).",
                    peak.achievedRate(), peak.level(), peak.offeredRate());
        }
        if (!generatorLimited.isEmpty()) {
            CapacityResult.LevelResult first = levels.get(generatorLimited.get(0) - 1);
            verdict += String.format(Locale.ROOT, " The load generator was the bottleneck at level%s %s (level %d sent "
                    + "%.1f/s of %.1f/s offered while the target kept its objectives): %s add agents or generators.",
                    generatorLimited.size() > 1 ? "s" : "", generatorLimited.stream().map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(", ")), first.level(), first.sentRate(),
                    first.offeredRate(), capacity + 1 == first.level() ? "the limit found is the generator's, not the "
                            + "target's;" : "those levels say nothing of the target;");
        }
        CapacityResult.Plan schedule = new CapacityResult.Plan(plan.startRate(), plan.step(), plan.levels(),
                plan.levelDuration().toMillis() / 1000.0, plan.rampDuration().toMillis() / 1000.0,
                plan.warmup().toMillis() / 1000.0, injectionStartMillis);
        return new CapacityResult(name, sloUs, plan.sloMaxKoPercent(), levels, capacity, capacityRate,
                round(peak.achievedRate()), knee, generatorLimited, verdict, schedule);
    }

    /** An operation's HTTP timing ("Accept HTTP" next to "Accept"): the same operations, not counted twice. */
    private static boolean isHttpPart(String request, Set<String> names) {
        String suffix = OperationSpec.httpName("");
        return request.endsWith(suffix) && names.contains(request.substring(0, request.length() - suffix.length()));
    }

    private static CapacityResult.RequestLevel requestLevel(String name, Histogram h, long ko, double seconds) {
        long ok = h.getTotalCount();
        return new CapacityResult.RequestLevel(name, ok, ko, seconds > 0 ? round(ok / seconds) : 0,
                ok + ko == 0 ? 0 : round(100.0 * ko / (ok + ko)), percentile(h, 50), percentile(h, 95),
                percentile(h, 99), ok == 0 ? 0 : h.getMaxValue());
    }

    private static long percentile(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
