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

    /** A pause until the given wall-clock time (none once it has passed). */
    static Duration until(long epochMillis) {
        return Duration.ofMillis(Math.max(0, epochMillis - System.currentTimeMillis()));
    }

    /** A whole number of a request's summary row, 0 when absent. */
    static long number(Map<String, Object> request, String key) {
        return request == null || !(request.get(key) instanceof Number n) ? 0 : n.longValue();
    }
}
