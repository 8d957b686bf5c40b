package io.gwsload.report.run;

import io.gwsload.report.capacity.CapacityAnalysis;
import io.gwsload.report.capacity.CapacityHtml;
import io.gwsload.report.capacity.CapacityLevels;
import io.gwsload.report.capacity.CapacityResult;
import io.gwsload.report.live.LiveMetrics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gwsload.api.Json;
import io.gwsload.collector.books.AccountingSnapshot;
import io.gwsload.collector.CompletedBy;
import io.gwsload.collector.books.LatencyStats;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.Outcome;

/**
 * Records one run into {@code results/<run>/}: every second the latencies recorded since the last
 * sample go into {@code latencies.hlog} (an HdrHistogram interval log, one tagged histogram per
 * request name, µs), so runs and shards can be merged and cut by load level exactly; a progress
 * line goes to the console every {@code progressInterval}; at the end {@code summary.json} is
 * written and a table printed.
 */
public final class RunRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneId.systemDefault());

    private final NotificationCollector collector;
    private final Path directory;
    private final Path resultsRoot;
    private final String runName;
    /** Gatling's own folder of this run, found at the end; null when not found. */
    private Path gatlingRun;
    private final Map<String, Object> configuration;
    private final Supplier<Map<String, Object>> groundTruth;
    private final PrintStream console;
    private final long startMillis;
    private final long progressEveryMillis;
    private final HistogramLogWriter log;
    private final ScheduledExecutorService timer;
    private long lastProgressMillis;
    private boolean closed;
    // Capacity runs only: levels are cut from the samples as they are taken.
    private java.util.function.LongSupplier injectionStart;
    private CapacityAnalysis capacity;

    /**
     * @param resultsRoot   {@code results/}
     * @param runName       the simulation's simple name; the folder is {@code <runName>-<timestamp>}
     * @param configuration what the run was configured with (no secrets), copied into the summary
     * @param groundTruth   the embedded simulator's own figures at the end, or null for a real GWS
     */
    public RunRecorder(NotificationCollector collector, Path resultsRoot, String runName,
            Map<String, Object> configuration, Supplier<Map<String, Object>> groundTruth, long progressEveryMillis,
            PrintStream console) {
        this.collector = collector;
        this.configuration = configuration;
        this.groundTruth = groundTruth;
        this.console = console;
        this.progressEveryMillis = progressEveryMillis;
        this.startMillis = System.currentTimeMillis();
        this.lastProgressMillis = startMillis;
        this.runName = runName;
        this.resultsRoot = resultsRoot;
        this.directory = uniqueDirectory(resultsRoot, runName + "-" + FOLDER_TIME.format(Instant.ofEpochMilli(startMillis)));
        try {
            Files.createDirectories(directory);
            log = new HistogramLogWriter(directory.resolve("latencies.hlog").toFile());
        } catch (IOException e) {
            generator.close(); // its GC listeners are registered already: a recorder that never runs must not keep them
            throw new UncheckedIOException("Cannot create the results folder " + directory + ": " + e.getMessage(), e);
        }
        log.outputComment("gws-load latencies in microseconds, one tagged interval histogram per request name");
        log.outputLogFormatVersion();
        // The log starts on the run's whole second: its intervals are whole seconds, so none starts before the log
        // (a negative offset, which hlog tools reading from 0 would leave out).
        long logStart = startMillis - Math.floorMod(startMillis, 1000L);
        log.outputStartTime(logStart);
        log.setBaseTime(logStart);
        log.outputLegend();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gws-run-recorder");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Makes this a capacity run: samples are cut into the plan's levels, measured from
     * {@code injectionStart} (epoch ms, or negative while unknown), and the end writes {@code capacity.html}.
     */
    public synchronized void capacity(CapacityLevels plan, java.util.function.LongSupplier injectionStart) {
        this.injectionStart = injectionStart;
        this.capacity = new CapacityAnalysis(plan);
    }

    /**
     * Whether every level has all its intervals: none is waiting any more for a completion held for attribution.
     */
    public synchronized boolean capacityComplete() {
        return capacity != null && capacity.complete(injectionStart.getAsLong());
    }

    /** The capacity verdict from the levels sampled so far, or null when this is not a capacity run. */
    public synchronized CapacityResult capacityResult() {
        return capacity == null ? null : capacity.result(injectionStart.getAsLong());
    }

    /** Feeds every interval's OK latencies to the live metrics endpoint too. */
    public synchronized void liveMetrics(LiveMetrics metrics) {
        this.metrics = metrics;
    }

    private LiveMetrics metrics;
    private final GeneratorUsage generator = new GeneratorUsage();
    private GeneratorTrend trend;

    /**
     * Samples the generator every {@code every} into {@code generator.jsonl} (heap after collection, threads, open
     * files, and the {@code structures} the harness bounds), for the summary's slopes per hour; {@code 0}: none.
     */
    public synchronized void sampleEvery(java.time.Duration every, Supplier<Map<String, Long>> structures) {
        trend = new GeneratorTrend(directory.resolve("generator.jsonl"), every.toMillis(), startMillis, structures);
    }

    private synchronized void tick() {
        if (closed) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            String heapWarning = generator.sample();
            if (heapWarning != null) {
                console.println(heapWarning);
            }
            sample(now, false);
            if (trend != null) {
                trend.tick(now, startMillis, generator.liveHeap());
            }
            if (progressEveryMillis > 0 && now - lastProgressMillis >= progressEveryMillis) {
                lastProgressMillis = now;
                console.println("gws-load " + ((now - startMillis) / 1000) + "s: "
                        + collector.accounting().snapshot() + "; " + generator.progress());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not record an interval of latencies", e);
        }
    }

    private long lastTickMillis = -1;

    /**
     * One tick: the one-second intervals that nothing can be recorded into any more (those before the
     * collector's watermark: operations held for attribution have not ended their record yet) go to the
     * interval log, the live metrics and the capacity levels; at the end, every interval left.
     */
    private void sample(long now, boolean last) {
        long from = lastTickMillis < 0 ? startMillis : lastTickMillis;
        lastTickMillis = now;
        long anchor = capacity == null ? -1 : injectionStart.getAsLong();
        if (capacity != null && anchor >= 0 && !last) {
            int level = capacity.levelOf(from - anchor, now - anchor);
            if (level >= 0) {
                capacity.pending(level, collector.accounting().snapshot().pending());
                capacity.generatorCpu(level, generator.recentCores(), generator.cores());
            }
        }
        long watermark = last ? Long.MAX_VALUE : Math.min(now, collector.recordedUntilMillis());
        long beforeSecond = last ? Long.MAX_VALUE : Math.floorDiv(watermark, 1000);
        for (LatencyStats stats : collector.latencies().all()) {
            for (LatencyStats.Interval interval : stats.takeIntervalsBefore(beforeSecond)) {
                Histogram ok = interval.ok();
                if (capacity != null && anchor >= 0) {
                    long offset = interval.second() * 1000 - anchor;
                    int level = capacity.levelOf(offset, offset + 1000);
                    if (level >= 0) {
                        capacity.add(level, stats.name(), ok, interval.koCount());
                    }
                }
                if (ok.getTotalCount() == 0) {
                    continue;
                }
                if (metrics != null) {
                    metrics.interval(stats.name(), ok);
                }
                ok.setTag(HlogTags.encode(stats.name())); // stock hlog readers split tags on spaces
                log.outputIntervalHistogram(ok);
            }
        }
        if (capacity != null) {
            capacity.intervalsAddedUntil(last ? Long.MAX_VALUE : beforeSecond * 1000);
        }
        for (LatencyStats wait : collector.waits().all()) {
            wait.takeIntervalsBefore(beforeSecond); // waits are not the target's: summarised, not logged by interval
        }
    }

    /** The run folder. */
    public Path directory() {
        return directory;
    }

    /** Whether {@code summary.json} was written. */
    public boolean hasSummary() {
        return Files.isRegularFile(directory.resolve("summary.json"));
    }

    /** The run never started (a setup error): stops recording and removes the folder; no summary. */
    public synchronized void discard() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        generator.close();
        log.close();
        try {
            Files.deleteIfExists(directory.resolve("latencies.hlog"));
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("Could not remove the unused results folder {}: {}", directory, e.toString());
        }
    }

    /** Takes the last sample, writes {@code summary.json} and prints the table. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        long end = System.currentTimeMillis();
        sample(end, true);
        generator.close();
        log.close();
        gatlingRun = RunLinks.findGatlingRun(GATLING_RESULTS, runName, startMillis);
        RunSummary summary = summarize(end);
        Path file = directory.resolve("summary.json");
        try {
            // A temporary file, then a rename: a reader (or a run cut short) never sees half a summary.
            Path partial = directory.resolve("summary.json.tmp");
            Files.writeString(partial, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("Could not write {}", file, e);
        }
        console.print(ConsoleTable.render(summary));
        console.println(GeneratorUsage.describe(summary.generator()));
        if (summary.capacity() != null) {
            try {
                Files.writeString(directory.resolve("capacity.html"),
                        CapacityHtml.render(summary.run(), summary.capacity(),
                                summary.configuration(), summary.simulatorGroundTruth()));
            } catch (IOException e) {
                LOG.error("Could not write {}", directory.resolve("capacity.html"), e);
            }
            console.println("gws-load capacity: " + summary.capacity().verdict());
        }
        RunLinks.link(resultsRoot, directory, gatlingRun);
        console.println("gws-load results: " + directory.toAbsolutePath()
                + (gatlingRun != null ? " (Gatling's: " + gatlingRun.toAbsolutePath() + ")" : ""));
    }

    /** Where the Gatling Maven plugin puts its run folders ({@code ${project.build.directory}/gatling}). */
    static final Path GATLING_RESULTS = Path.of("target", "gatling");

    private volatile Supplier<Map<String, Object>> customers;

    /** The simulated customers' own figures (chats, polls), written as {@code customers}; set when they start. */
    public void customers(Supplier<Map<String, Object>> books) {
        customers = books;
    }

    private Map<String, Object> customerBooks() {
        Supplier<Map<String, Object>> s = customers;
        try {
            return s == null ? null : s.get();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the customers' figures", e);
            return null;
        }
    }

    RunSummary summarize(long endMillis) {
        double seconds = Math.max(0.001, (endMillis - startMillis) / 1000.0);
        List<RequestSummary> requests = summaries(collector.latencies(), seconds);
        List<RequestSummary> waits = summaries(collector.waits(), seconds);
        AccountingSnapshot books = collector.accounting().snapshot();
        Map<String, Object> truth = null;
        if (groundTruth != null) {
            try {
                truth = groundTruth.get();
            } catch (RuntimeException e) {
                LOG.warn("Could not read the simulator's ground truth", e);
            }
        }
        return new RunSummary(RunSummary.SCHEMA_VERSION, runName, directory.getFileName().toString(),
                gatlingRun == null ? null : gatlingRun.getFileName().toString(), Instant.ofEpochMilli(startMillis).toString(),
                Instant.ofEpochMilli(endMillis).toString(), seconds, configuration, requests, waits,
                AccountingSummary.of(books, collector.misattributionExamples()), capacity == null ? null : capacity.result(injectionStart.getAsLong()), truth,
                generator.summary(trend == null ? null : trend.summary()), customerBooks());
    }

    private static List<RequestSummary> summaries(io.gwsload.collector.books.LatencyRegistry registry, double seconds) {
        List<RequestSummary> list = new ArrayList<>();
        for (LatencyStats stats : registry.all()) {
            Map<String, Long> ko = new LinkedHashMap<>();
            for (Outcome o : Outcome.values()) {
                long n = stats.koCount(o);
                if (!o.isOk() && n > 0) {
                    ko.put(o.label(), n);
                }
            }
            Map<String, Long> by = new LinkedHashMap<>();
            for (CompletedBy b : CompletedBy.values()) {
                long n = stats.completedBy(b);
                if (n > 0 && b != CompletedBy.HTTP) {
                    by.put(b.label(), n);
                }
            }
            list.add(RequestSummary.of(stats.name(), stats.total(), stats.koCount(), ko, stats.koMessages(), by,
                    stats.ambiguousCount(), seconds, RequestSummary.Polled.of(stats.polledLower(),
                            stats.pollIntervalMicros(), stats.polledTruth(), stats.polledOutsideBounds())));
        }
        return list;
    }

    private static Path uniqueDirectory(Path root, String name) {
        Path candidate = root.resolve(name);
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = root.resolve(name + "-" + i);
        }
        return candidate;
    }
}
