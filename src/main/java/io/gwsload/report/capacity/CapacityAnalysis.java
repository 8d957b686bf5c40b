package io.gwsload.report.capacity;

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
 * Cuts a stepped run into its levels as it goes (each one-second interval of operations that ended in it is
 * added to the level whose settled plateau contains it; seconds across a step are left out), then judges each
 * level against the SLO. Holds one histogram per level and request name, not the intervals.
 */
public final class CapacityAnalysis {
    private final CapacityLevels plan;
    private final List<CapacityLevels.Level> plateaus;
    private final List<Map<String, Histogram>> ok = new ArrayList<>();
    private final List<Map<String, Long>> ko = new ArrayList<>();
    private final int[] samples;
    private final long[] measuredMillis;
    /** Operations pending (sent, not ended) at each level's first and last sample; -1 before any. */
    private final long[] firstPending;
    private final long[] lastPending;
    private final double[] cpuCores;
    private final int[] cpuSamples;
    private int availableCores;

    public CapacityAnalysis(CapacityLevels plan) {
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
        cpuCores = new double[plateaus.size()];
        cpuSamples = new int[plateaus.size()];
    }

    /** The level a sample [fromOffset, toOffset] (ms since injection began) belongs to, or -1. */
    public int levelOf(long fromOffset, long toOffset) {
        for (int i = 0; i < plateaus.size(); i++) {
            CapacityLevels.Level level = plateaus.get(i);
            long settled = level.start().plus(CapacityLevels.SETTLE).toMillis();
            if (fromOffset >= settled && toOffset <= level.end().toMillis() + 50) {
                return i;
            }
        }
        return -1;
    }

    /** Epoch ms before which every interval has been added (the recorder's watermark). */
    private long intervalsUntil = Long.MAX_VALUE;

    /** Every interval that ends before {@code epochMillis} has been added: seconds after it are not measured yet. */
    public void intervalsAddedUntil(long epochMillis) {
        intervalsUntil = epochMillis;
    }

    /** Whether every interval of every level, up to the last one's end, has been added. */
    public boolean complete(long injectionStartMillis) {
        return injectionStartMillis >= 0
                && intervalsUntil >= injectionStartMillis + plan.totalDuration().toMillis();
    }

    /** Whether the levels' measured time was given ({@link #measured}) rather than counted from the schedule. */
    private boolean measuredGiven;

    /**
     * Each level is measured over the whole seconds of its settled plateau: from the schedule and the epoch
     * ms at which injection began (idle seconds count: they are measured time with nothing in it).
     */
    private void measureFromSchedule(long injectionStartMillis) {
        if (measuredGiven || injectionStartMillis < 0) {
            return;
        }
        for (int i = 0; i < plateaus.size(); i++) {
            CapacityLevels.Level level = plateaus.get(i);
            long from = injectionStartMillis + level.start().plus(CapacityLevels.SETTLE).toMillis();
            long to = injectionStartMillis + level.end().toMillis();
            int seconds = 0;
            for (long s = Math.floorDiv(from + 999, 1000); s * 1000 + 1000 <= Math.min(to + 50, intervalsUntil); s++) {
                seconds++;
            }
            samples[i] = seconds;
            measuredMillis[i] = seconds * 1000L;
        }
    }

    /** The collector's pending operations at a sample of a level. */
    public void pending(int level, long pending) {
        if (firstPending[level] < 0) {
            firstPending[level] = pending;
        }
        lastPending[level] = pending;
    }

    /**
     * For a merge: a level's samples and measured time (the shards' mean, as each took its own samples of
     * the same schedule) and how much the shards' pending operations grew over it, together.
     */
    public void measured(int level, int sampleCount, long millis, long pendingGrowth) {
        measuredGiven = true;
        samples[level] = sampleCount;
        measuredMillis[level] = millis;
        firstPending[level] = 0;
        lastPending[level] = pendingGrowth;
    }

    public void add(int level, String name, Histogram interval, long koDelta) {
        ok.get(level).computeIfAbsent(name, n -> new Histogram(3)).add(interval);
        if (koDelta > 0) {
            ko.get(level).merge(name, koDelta, Long::sum);
        }
    }

    /** Every request name together, as a headline. */
    static final String ALL = "*";

    /** The fewest headline operations a level's p99 is judged on: with fewer, p99 is little more than the maximum. */
    static final long MIN_OPERATIONS = 100;

    /** The generator's CPU over a level's samples (the recorder's tick): cores used, of {@code available}. */
    public void generatorCpu(int level, double cores, int available) {
        cpuCores[level] += cores;
        cpuSamples[level]++;
        availableCores = available;
    }

    public CapacityResult result(long injectionStartMillis) {
        measureFromSchedule(injectionStartMillis);
        List<CapacityResult.LevelResult> levels = new ArrayList<>();
        String name = plan.headlineRequest();
        long sloUs = plan.sloP99().toNanos() / 1_000;
        for (int i = 0; i < plateaus.size(); i++) {
            levels.add(level(i, name, sloUs));
        }
        int n = levels.size();
        // Saturation: the first level from which every level missed. A miss followed by a met level is a
        // passing disturbance (a pause, a noisy neighbour), not the limit: one bad level never zeroes the capacity.
        int saturation = n;
        while (saturation > 0 && !levels.get(saturation - 1).meetsSlo()) {
            saturation--;
        }
        int capacity = saturation; // the level just below saturation met the SLO, unless none did
        List<Integer> disturbed = new ArrayList<>();
        for (int i = 0; i < saturation; i++) {
            if (!levels.get(i).meetsSlo()) {
                disturbed.add(i + 1);
            }
        }
        List<Integer> generatorLimited = levels.stream().filter(CapacityResult.LevelResult::generatorLimited)
                .map(CapacityResult.LevelResult::level).toList();
        // The levels that decide the verdict: up to the first of the saturated ones.
        int deciding = Math.min(n, saturation + 1);
        boolean generatorDecided = generatorLimited.stream().anyMatch(l -> l <= deciding);
        boolean stated = capacity > 0 && !generatorDecided;
        CapacityResult.LevelResult peak = levels.stream()
                .max(java.util.Comparator.comparingDouble(CapacityResult.LevelResult::achievedRate)).orElseThrow();
        double capacityRate = capacity == 0 ? 0 : levels.get(capacity - 1).offeredRate();
        int knee = saturation < n ? saturation + 1 : 0;
        String headlineName = ALL.equals(name) ? "every request" : name;

        List<String> reasoning = new ArrayList<>();
        for (CapacityResult.LevelResult l : levels) {
            reasoning.add(String.format(Locale.ROOT, "Level %d (%.1f/s offered): %s.", l.level(), l.offeredRate(),
                    l.judgement()));
        }
        StringBuilder verdict = new StringBuilder();
        if (capacity == 0) {
            verdict.append(String.format(Locale.ROOT, "No level met the SLO (%s p99 <= %d ms, KO <= %.1f%%, >= 90%% "
                    + "of the offered rate): no capacity can be stated.", headlineName, sloUs / 1000,
                    plan.sloMaxKoPercent()));
            reasoning.add("No level met the SLO, so no capacity can be stated: start lower, or look at why the "
                    + "first level missed.");
        } else {
            CapacityResult.LevelResult c = levels.get(capacity - 1);
            verdict.append(String.format(Locale.ROOT, "Capacity: %.1f/s (level %d of %d) with %s p99 %.1f ms <= %d ms "
                    + "and KO %.2f%%", capacityRate, capacity, n, headlineName, c.p99Us() / 1000.0, sloUs / 1000,
                    c.koPercent()));
            if (saturation == n) {
                verdict.append("; every level met the SLO, so the limit is above the last level.");
                reasoning.add("The last level met the SLO: the capacity is at least its rate; add levels to find the "
                        + "limit.");
            } else {
                int missed = n - saturation;
                verdict.append(String.format(Locale.ROOT, "; from level %d (%.1f/s) on every level missed it (%s).",
                        knee, levels.get(knee - 1).offeredRate(), missed >= 2 ? missed + " levels: confirmed"
                                : "only the last level: unconfirmed"));
                reasoning.add(String.format(Locale.ROOT, "Every level from level %d on missed the SLO%s, and level %d "
                        + "met it: the capacity is level %d's rate, %.1f/s.", knee, missed >= 2 ? ""
                                : " (one level only: run a level more to confirm)", capacity, capacity, capacityRate));
            }
        }
        if (!disturbed.isEmpty()) {
            String list = join(disturbed);
            verdict.append(String.format(Locale.ROOT, " Level%s %s missed the SLO but a higher level met it again: "
                    + "a passing disturbance, not the limit.", disturbed.size() > 1 ? "s" : "", list));
            reasoning.add(String.format(Locale.ROOT, "Level%s %s missed, yet level %d met the SLO above %s: %s "
                    + "counted as disturbed, not as saturation.", disturbed.size() > 1 ? "s" : "", list, capacity,
                    disturbed.size() > 1 ? "them" : "it", disturbed.size() > 1 ? "they are" : "it is"));
        }
        if (peak.achievedRate() > 0 && peak.level() > capacity && peak.achievedRate() < peak.offeredRate() * 0.95) {
            verdict.append(String.format(Locale.ROOT, " Peak throughput %.1f/s (level %d, %.1f/s offered).",
                    peak.achievedRate(), peak.level(), peak.offeredRate()));
        }
        if (!generatorLimited.isEmpty()) {
            CapacityResult.LevelResult first = levels.get(generatorLimited.get(0) - 1);
            verdict.append(String.format(Locale.ROOT, " The load generator was the bottleneck at level%s %s (level %d "
                    + "%s): %s add agents or generators.", generatorLimited.size() > 1 ? "s" : "",
                    join(generatorLimited), first.level(), first.generatorCores() >= CPU_SATURATED * availableCores
                            && availableCores > 0 ? String.format(Locale.ROOT, "used %.1f of the generator's %d cores",
                                    first.generatorCores(), availableCores)
                            : String.format(Locale.ROOT, "sent %.1f/s of %.1f/s offered while the target kept its "
                                    + "objectives", first.sentRate(), first.offeredRate()),
                    generatorDecided ? "the limit found is the generator's, not the target's;"
                            : "those levels say nothing of the target;"));
        }
        reasoning.add(stated ? "Verdict: a capacity is stated." : "Verdict: no capacity of the target can be stated"
                + (generatorDecided && capacity > 0 ? " (the generator decided it)." : "."));
        CapacityResult.Plan schedule = new CapacityResult.Plan(plan.startRate(), plan.step(), plan.levels(),
                plan.levelDuration().toMillis() / 1000.0, plan.rampDuration().toMillis() / 1000.0,
                plan.warmup().toMillis() / 1000.0, plan.loadWarmup().toMillis() / 1000.0, injectionStartMillis);
        return new CapacityResult(name, sloUs, plan.sloMaxKoPercent(), levels, capacity, capacityRate,
                round(peak.achievedRate()), knee, disturbed, generatorLimited, stated, verdict.toString(), reasoning,
                schedule);
    }

    /** The generator's CPU counts as saturated from this share of its cores: it then measures itself. */
    static final double CPU_SATURATED = 0.9;

    /** One level judged on the headline request (every request once, for {@link #ALL}). */
    private CapacityResult.LevelResult level(int i, String name, long sloUs) {
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
        boolean enough = okCount + koCount >= MIN_OPERATIONS;
        boolean latencyKept = okCount > 0 && p99 <= sloUs;
        boolean koKept = koPercent <= plan.sloMaxKoPercent();
        boolean serverKept = samples[i] > 0 && enough && latencyKept && koKept;
        boolean keptUp = achieved >= 0.9 * offered;
        boolean meets = serverKept && keptUp;
        long pendingGrowth = firstPending[i] < 0 ? 0 : lastPending[i] - firstPending[i];
        double cores = cpuSamples[i] == 0 ? 0 : round(cpuCores[i] / cpuSamples[i]);
        boolean cpuSaturated = availableCores > 0 && cores >= CPU_SATURATED * availableCores;
        // The target answered within its objectives and nothing piled up unanswered, yet the generator did not
        // even send the load; or the generator's own CPU was saturated, so what it measured was itself too.
        boolean generatorLimited = serverKept && sent < 0.95 * offered
                && pendingGrowth <= Math.max(1, (okCount + koCount) / 100) || cpuSaturated && !meets;
        String judgement;
        if (samples[i] == 0) {
            judgement = "not judged: no sample fell on its plateau";
        } else if (!enough) {
            judgement = String.format(Locale.ROOT, "not judged: only %d operations (at least %d are needed for a p99)",
                    okCount + koCount, MIN_OPERATIONS);
        } else {
            List<String> why = new ArrayList<>(3);
            why.add(String.format(Locale.ROOT, "p99 %.1f ms %s %d ms", p99 / 1000.0, latencyKept ? "<=" : ">",
                    sloUs / 1000));
            why.add(String.format(Locale.ROOT, "KO %.2f%% %s %.1f%%", koPercent, koKept ? "<=" : ">",
                    plan.sloMaxKoPercent()));
            why.add(String.format(Locale.ROOT, "achieved %.1f/s %s 90%% of the offered", achieved,
                    keptUp ? ">=" : "<"));
            judgement = (meets ? "met: " : "missed: ") + String.join(", ", why);
        }
        if (cpuSaturated) {
            judgement += String.format(Locale.ROOT, "; the generator used %.1f of its %d cores", cores, availableCores);
        } else if (generatorLimited) {
            judgement += String.format(Locale.ROOT, "; the generator sent only %.1f/s", sent);
        }
        return new CapacityResult.LevelResult(i + 1, offered, round(sent), round(achieved), okCount, koCount,
                round(koPercent), percentile(headline, 50), percentile(headline, 95), p99,
                okCount == 0 ? 0 : headline.getMaxValue(), samples[i], round(seconds), meets, generatorLimited,
                pendingGrowth, cores, judgement, requests);
    }

    private static String join(List<Integer> levels) {
        return levels.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
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
