package gwsload;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** For the benchmark simulations: the generator's own heap and CPU, and small helpers over a run's figures. */
final class BenchmarkProbes {
    private BenchmarkProbes() {
    }

    /**
     * Binds every thread of this process (and so every thread it starts later) to {@code cpus} ({@code taskset -a -p
     * -c}); fails with one sentence where that cannot be done.
     */
    static void bindThisProcess(String cpus) {
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, String.valueOf(ProcessHandle.current()
                    .pid())).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("Could not bind the generator to CPUs " + cpus + " with taskset: "
                        + out.trim());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Could not bind the generator to CPUs " + cpus + " (is taskset, from "
                    + "util-linux, installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while binding the generator to CPUs " + cpus, e);
        }
    }

    /** The heap in use just after a full collection (what the generator really holds). */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The live objects after a full collection, class by class ({@code jcmd GC.class_histogram}, taken in-process):
     * exact bytes, whatever the collector's page accounting. The histogram goes to a file at once, so that what the
     * benchmark keeps of it (its total and where it is) does not weigh on the next one. Null where the JVM has no
     * diagnostic command bean.
     */
    static ClassHistogram liveHistogram() {
        try {
            javax.management.ObjectName bean = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(bean, "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            java.nio.file.Path file = java.nio.file.Files.createTempFile("gws-load-histogram-", ".txt");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, text);
            long total = 0;
            for (String line : text.split("\\R")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && f[0].equals("Total")) {
                    total = Long.parseLong(f[2]);
                }
            }
            return new ClassHistogram(file, total);
        } catch (javax.management.JMException | java.io.IOException | RuntimeException e) {
            System.err.println("gws-load benchmark: no class histogram (" + e + ")");
            return null;
        }
    }

    /** A class histogram kept in a file, and its total of live bytes. */
    record ClassHistogram(java.nio.file.Path file, long totalBytes) {
        /** Live bytes per agent above {@code before}, in KiB to one decimal. */
        double kibPerAgentAbove(ClassHistogram before, long agents) {
            return Math.round((totalBytes - before.totalBytes) / 1024.0 / agents * 10) / 10.0;
        }

        /** Instances and bytes per class. */
        Map<String, long[]> byClass() throws java.io.IOException {
            Map<String, long[]> byClass = new java.util.LinkedHashMap<>();
            for (String line : java.nio.file.Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    byClass.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
            return byClass;
        }

        /**
         * The classes that grew most from {@code before} to this one, per agent ({@code class, bytesPerAgent,
         * instancesPerAgent}), largest first, at most {@code limit}.
         */
        List<Map<String, Object>> growthPerAgent(ClassHistogram before, long agents, int limit) throws java.io.IOException {
            Map<String, long[]> was = before.byClass();
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            for (Map.Entry<String, long[]> e : byClass().entrySet()) {
                long[] w = was.get(e.getKey());
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("class", e.getKey());
                row.put("bytesPerAgent", Math.round((e.getValue()[1] - (w == null ? 0 : w[1])) * 10.0 / agents) / 10.0);
                row.put("instancesPerAgent", Math.round((e.getValue()[0] - (w == null ? 0 : w[0])) * 100.0 / agents)
                        / 100.0);
                rows.add(row);
            }
            rows.sort((a, b) -> Double.compare((Double) b.get("bytesPerAgent"), (Double) a.get("bytesPerAgent")));
            return rows.subList(0, Math.min(limit, rows.size()));
        }
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
     * CPU time of this JVM's JIT compiler threads (C1 and C2), from Linux's per-thread scheduler statistics; -1 where
     * they cannot be read. A compiler thread that ended meanwhile takes its time with it, so a difference of two
     * readings can only understate the compilers' share.
     */
    static long jitCompilerCpuNanos() {
        long sum = 0;
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of(
                "/proc/self/task"))) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    String name = java.nio.file.Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String schedstat = java.nio.file.Files.readString(task.resolve("schedstat")).trim();
                        sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the reading: its time is gone with it
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
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
        private long startJitNanos;
        private volatile double jitSeconds = -1;
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
                startJitNanos = jitCompilerCpuNanos();
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
                long jit = jitCompilerCpuNanos();
                jitSeconds = jit < 0 || startJitNanos < 0 ? -1 : (jit - startJitNanos) / 1e9;
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
            // The JIT compilers' part is a warm-up cost that lands in whichever window it falls in (still compiling
            // a minute into a run here). Less it, the figure is nearer the client's steady cost.
            if (jitSeconds >= 0) {
                m.put("jitUsPerOp", Math.round(jitSeconds * 1e6 / n * 10) / 10.0);
                m.put("generatorLessJitUsPerOp", Math.round((generatorSeconds - jitSeconds) * 1e6 / n * 10) / 10.0);
            }
            if (simulatorSeconds > 0) { // the simulator's threads in this JVM (none when it runs in its own process)
                m.put("simulatorUsPerOp", Math.round(simulatorSeconds * 1e6 / n * 10) / 10.0);
            }
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
