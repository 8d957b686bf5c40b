package io.gwsload.report.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import java.util.Map;

/**
 * What the load generator itself used: process CPU and heap, sampled once a second, so that a run can
 * say whether its own machine was the bottleneck (a generator near its cores measures itself).
 */
public final class GeneratorUsage {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final double startCpuSeconds = cpuSeconds();
    private final long startNanos = System.nanoTime();
    private double lastCpuSeconds = startCpuSeconds;
    private long lastNanos = startNanos;
    private double recentCores;
    private long heapPeak;
    private long liveHeapPeak;
    private final java.util.Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** The heap in use after the latest collection (every collector says so in its notification; 0 before one). */
    private final java.util.concurrent.atomic.AtomicLong afterLastGc = new java.util.concurrent.atomic.AtomicLong();
    private final javax.management.NotificationListener onGc = (notification, handback) -> {
        if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                notification.getType())) {
            var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                    (javax.management.openmbean.CompositeData) notification.getUserData());
            long used = 0;
            for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                }
            }
            if (used > 0) {
                afterLastGc.set(used); // ZGC's pause notifications report no heap after them: its cycles do
            }
        }
    };
    private final HeapWatch watch = new HeapWatch();

    GeneratorUsage() {
        // Pool collection usage would do on ZGC, but G1 updates its old generation's only after mixed and full
        // collections: the collectors' own notifications give every collection's figure, whichever collector.
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof javax.management.NotificationEmitter emitter) {
                emitter.addNotificationListener(onGc, null, null);
            }
        }
    }

    /** Stops listening to the collectors (the end of the run). */
    void close() {
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof javax.management.NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(onGc);
                } catch (javax.management.ListenerNotFoundException e) {
                    // never added
                }
            }
        }
    }

    /**
     * The generator's figures in {@code summary.json}.
     *
     * @param averageCores     CPU seconds per second over the run (2.0: two cores busy all along)
     * @param liveHeapPeakBytes the most heap still in use just after a collection (what the run really holds)
     */
    public record Summary(double cpuSeconds, double averageCores, int cores, long heapPeakBytes, long heapMaxBytes,
            long liveHeapPeakBytes, Map<String, Object> trend) {

        /** Without a trend (a run too short to sample, or sampling off). */
        public Summary(double cpuSeconds, double averageCores, int cores, long heapPeakBytes, long heapMaxBytes,
                long liveHeapPeakBytes) {
            this(cpuSeconds, averageCores, cores, heapPeakBytes, heapMaxBytes, liveHeapPeakBytes, null);
        }
    }

    /**
     * Takes one sample (the recorder's tick); returns a warning, once, when the heap still in use after a
     * collection passes 80 % of the maximum (the generator then spends its time collecting, and measures it),
     * else null.
     */
    synchronized String sample() {
        long used = memory.getHeapMemoryUsage().getUsed();
        heapPeak = Math.max(heapPeak, used);
        long live = liveHeap();
        liveHeapPeak = Math.max(liveHeapPeak, live);
        double cpu = cpuSeconds();
        long now = System.nanoTime();
        if (now > lastNanos) {
            recentCores = (cpu - lastCpuSeconds) / ((now - lastNanos) / 1e9);
        }
        lastCpuSeconds = cpu;
        lastNanos = now;
        return watch.check(live, memory.getHeapMemoryUsage().getMax());
    }

    /** The heap in use after the latest collection (0 before the first). */
    long liveHeap() {
        return afterLastGc.get();
    }

    /**
     * When to warn about the heap: the first time what survives a collection passes 80 % of the maximum, and
     * again only after it fell below 70 % in between. Pure, so that the rule can be tested without filling a heap.
     */
    static final class HeapWatch {
        static final double WARN = 0.80;
        static final double REARM = 0.70;
        private boolean warned;

        String check(long liveBytes, long maxBytes) {
            if (maxBytes <= 0 || liveBytes <= 0) {
                return null;
            }
            double share = (double) liveBytes / maxBytes;
            if (warned && share < REARM) {
                warned = false;
            }
            if (warned || share < WARN) {
                return null;
            }
            warned = true;
            return String.format(Locale.ROOT, "gws-load warning: the generator's heap is %.0f %% full after garbage "
                    + "collection (%d of %d MiB): it will spend its time collecting and measure that as latency; "
                    + "raise it (e.g. -Dgwsload.heap=%dM with mvn gatling:test) or spread the agents over more "
                    + "generators", share * 100, liveBytes >> 20, maxBytes >> 20, 2 * (maxBytes >> 20));
        }
    }

    /** File descriptors this process holds now, or -1 where the JVM does not say. */
    public static long openFiles() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean os ? os.getOpenFileDescriptorCount() : -1;
    }

    /** CPU since the previous sample, in cores. */
    synchronized double recentCores() {
        return recentCores;
    }

    int cores() {
        return cores;
    }

    /** For the progress line: CPU since the last sample and heap now. */
    synchronized String progress() {
        return String.format(Locale.ROOT, "generator CPU %.1f of %d cores, heap %d MiB", recentCores, cores,
                memory.getHeapMemoryUsage().getUsed() >> 20);
    }

    synchronized Summary summary(Map<String, Object> trend) {
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpu = cpuSeconds() - startCpuSeconds;
        long max = memory.getHeapMemoryUsage().getMax();
        return new Summary(round(cpu), seconds > 0 ? round(cpu / seconds) : 0, cores, heapPeak, max, liveHeapPeak,
                trend);
    }

    static String describe(Summary s) {
        return String.format(Locale.ROOT, "gws-load generator: CPU %.1f s, %.2f of %d cores on average; heap peak "
                + "%d MiB%s, %s", s.cpuSeconds(), s.averageCores(), s.cores(),
                s.heapPeakBytes() >> 20, s.heapMaxBytes() > 0 ? " of " + (s.heapMaxBytes() >> 20) + " MiB" : "",
                // 0: no collection ran (a short run), not an empty heap
                s.liveHeapPeakBytes() > 0 ? (s.liveHeapPeakBytes() >> 20) + " MiB after collection"
                        : "no collection during the run")
                + (s.averageCores() > 0.8 * s.cores() ? " (near its cores: the generator may have slowed what it "
                        + "measured)" : "");
    }

    private static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
