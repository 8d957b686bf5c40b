package gwsload;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

/** For the benchmark simulations: the generator's own heap and CPU, and small helpers over a run's figures. */
final class BenchmarkProbes {
    private BenchmarkProbes() {
    }

    /** The heap in use just after a full collection (what the generator really holds). */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The process's CPU time so far, in seconds (0 where the JVM does not say). */
    static double cpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : 0;
    }

    /** The generator's CPU over a window of the run (its idle time): cores used on average. */
    static final class CpuWindow {
        private double startCpu;
        private long startNanos;
        private volatile double cores;

        void start() {
            startCpu = cpuSeconds();
            startNanos = System.nanoTime();
        }

        void stop() {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            cores = seconds <= 0 ? 0 : (cpuSeconds() - startCpu) / seconds;
        }

        /** Cores used on average over the window (0 before it ended). */
        double cores() {
            return cores;
        }
    }

    /** A pause until the given wall-clock time (none once it has passed). */
    static Duration until(long epochMillis) {
        return Duration.ofMillis(Math.max(0, epochMillis - System.currentTimeMillis()));
    }

    /** A whole number of a request's summary row, 0 when absent. */
    static long number(Map<String, Object> request, String key) {
        return request == null || !(request.get(key) instanceof Number n) ? 0 : n.longValue();
    }
}
