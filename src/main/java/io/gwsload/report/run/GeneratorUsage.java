package io.gwsload.report.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

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

    /**
     * The generator's figures in {@code summary.json}.
     *
     * @param averageCores CPU seconds per second over the run (2.0: two cores busy all along)
     */
    public record Summary(double cpuSeconds, double averageCores, int cores, long heapPeakBytes, long heapMaxBytes) {
    }

    /** Takes one sample (the recorder's tick). */
    synchronized void sample() {
        long used = memory.getHeapMemoryUsage().getUsed();
        heapPeak = Math.max(heapPeak, used);
        double cpu = cpuSeconds();
        long now = System.nanoTime();
        if (now > lastNanos) {
            recentCores = (cpu - lastCpuSeconds) / ((now - lastNanos) / 1e9);
        }
        lastCpuSeconds = cpu;
        lastNanos = now;
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

    synchronized Summary summary() {
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpu = cpuSeconds() - startCpuSeconds;
        long max = memory.getHeapMemoryUsage().getMax();
        return new Summary(round(cpu), seconds > 0 ? round(cpu / seconds) : 0, cores, heapPeak, max);
    }

    static String describe(Summary s) {
        return String.format(Locale.ROOT, "gws-load generator: CPU %.1f s, %.2f of %d cores on average; heap peak "
                + "%d MiB%s", s.cpuSeconds(), s.averageCores(), s.cores(), s.heapPeakBytes() >> 20,
                s.heapMaxBytes() > 0 ? " of " + (s.heapMaxBytes() >> 20) + " MiB" : "")
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
