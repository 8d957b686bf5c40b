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

    /**
     * CPU time so far of the simulator's threads ({@code gws-sim-*}) in this JVM, nanoseconds: the process's CPU
     * minus this is the generator's (Gatling, its HTTP client, gws-load, GC and JIT). A thread that ended is missing.
     */
    static long simulatorThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("gws-sim-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    /**
     * One client's share of a benchmark that runs the clients one after the other in one JVM: from its
     * {@code warmup} after its first operation until its first user is done, the generator's CPU (the process's
     * minus the simulator's threads') and the operations made, for CPU µs per operation.
     */
    static final class CpuPhase {
        private final long warmupNanos;
        private final java.util.concurrent.atomic.LongAdder ops = new java.util.concurrent.atomic.LongAdder();
        private final java.util.concurrent.atomic.AtomicLong firstNanos = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean open;
        private volatile boolean closed;
        private double startGeneratorSeconds;
        private double startSimulatorSeconds;
        private long startNanos;
        private volatile double generatorSeconds;
        private volatile double simulatorSeconds;
        private volatile double seconds;

        CpuPhase(Duration warmup) {
            this.warmupNanos = warmup.toNanos();
        }

        /** An operation of this client was made (counted while the window is open; the first one starts the clock). */
        synchronized void operation() {
            long now = System.nanoTime();
            firstNanos.compareAndSet(0, now);
            if (!open && !closed && now - firstNanos.get() >= warmupNanos) {
                double simulator = simulatorThreadsCpuNanos() / 1e9;
                startSimulatorSeconds = simulator;
                startGeneratorSeconds = cpuSeconds() - simulator;
                startNanos = now;
                open = true;
            }
            if (open) {
                ops.increment();
            }
        }

        /** The client's load is over (its first user is done): the window closes. */
        synchronized void end() {
            if (open && !closed) {
                double simulator = simulatorThreadsCpuNanos() / 1e9;
                simulatorSeconds = simulator - startSimulatorSeconds;
                generatorSeconds = cpuSeconds() - simulator - startGeneratorSeconds;
                seconds = (System.nanoTime() - startNanos) / 1e9;
                open = false;
            }
            closed = true;
        }

        /** The window's figures: seconds, operations, generator and simulator CPU µs per operation; empty if none. */
        Map<String, Object> figures() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            long n = ops.sum();
            if (seconds <= 0 || n == 0) {
                return m;
            }
            m.put("windowSeconds", Math.round(seconds * 10) / 10.0);
            m.put("operations", n);
            m.put("generatorUsPerOp", Math.round(generatorSeconds * 1e6 / n * 10) / 10.0);
            m.put("generatorCores", Math.round(generatorSeconds / seconds * 1000) / 1000.0);
            m.put("simulatorUsPerOp", Math.round(simulatorSeconds * 1e6 / n * 10) / 10.0);
            return m;
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
