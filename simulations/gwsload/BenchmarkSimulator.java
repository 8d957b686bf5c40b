package gwsload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For the benchmarks: the gws-load simulator in a process of its own on 127.0.0.1 (its sockets, heap and
 * threads are not the generator's), with its ground truth ({@code GET /sim/stats}) at hand.
 */
final class BenchmarkSimulator {

    final Process process;
    final String url;
    final Path credentials;

    private BenchmarkSimulator(Process process, String url, Path credentials) {
        this.process = process;
        this.url = url;
        this.credentials = credentials;
    }

    static BenchmarkSimulator start(int agents, String name) {
        return start(agents, name, null);
    }

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * Where a benchmark's simulator runs ({@code -DsimulatorCpus}): {@code "embedded"} (in the generator's JVM), or
     * the CPUs of a process of its own ({@code taskset -c} list); by default the last core where there are two or
     * more, so that the generator's cost and overhead are measured without the target's.
     */
    static String simulatorCpus() {
        return System.getProperty("simulatorCpus", CORES >= 2 ? String.valueOf(CORES - 1) : "embedded");
    }

    /**
     * The generator's CPUs ({@code -DgeneratorCpus}): by default the cores before the simulator's default last one;
     * "" (any, not bound) when the simulator is embedded or its CPUs were chosen with {@code -DsimulatorCpus} (then
     * choose these too).
     */
    static String generatorCpus(String simulatorCpus) {
        boolean chosen = System.getProperty("simulatorCpus") != null;
        return System.getProperty("generatorCpus", simulatorCpus.equals("embedded") || chosen || CORES < 2 ? ""
                : CORES == 2 ? "0" : "0-" + (CORES - 2));
    }

    /** The agents (not supervisors) of the credentials file it wrote, as {@code username,password} lines. */
    java.util.List<String> agentLines() {
        try {
            return Files.readAllLines(credentials).stream().skip(1).filter(l -> !l.isBlank())
                    .map(l -> l.split(",", -1)).filter(f -> f.length < 3 || !"supervisor".equals(f[2]))
                    .map(f -> f[0] + "," + f[1]).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #start(int, String)}, the process bound to {@code cpus} ({@code taskset -c}, e.g. {@code "1"}) when
     * not null, so that it and the generator do not take each other's cores.
     */
    static BenchmarkSimulator start(int agents, String name, String cpus) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path credentials = Path.of("target", name + "-credentials.csv").toAbsolutePath();
            Files.createDirectories(credentials.getParent());
            Files.deleteIfExists(credentials);
            java.util.List<String> command = new java.util.ArrayList<>();
            if (cpus != null) {
                command.addAll(java.util.List.of("taskset", "-c", cpus));
            }
            command.addAll(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx4g", "-XX:+UseZGC", "-cp", System.getProperty("java.class.path"),
                    "io.gwsload.simulator.SimulatorMain", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--agents", String.valueOf(agents), "--supervisors", "0", "--credentials-out",
                    credentials.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // Its output is read on a thread of its own (which then drains it), so that a simulator that prints
            // nothing cannot hold this past the deadline.
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            java.util.Deque<String> lastLines = new java.util.concurrent.ConcurrentLinkedDeque<>();
            Thread reader = new Thread(() -> out.lines().forEach(line -> {
                lastLines.addLast(line);
                if (lastLines.size() > 5) {
                    lastLines.pollFirst();
                }
                if (line.contains("GWS simulator at")) {
                    started.countDown();
                }
            }), name + "-simulator-output");
            reader.setDaemon(true);
            reader.start();
            p.onExit().thenRun(started::countDown); // a process that ends (taskset refused, a crash) ends the wait too
            try {
                if (started.await(60, TimeUnit.SECONDS) && p.isAlive()) {
                    return new BenchmarkSimulator(p, "http://127.0.0.1:" + port, credentials);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean ended = !p.isAlive(); // before destroyForcibly, which ends it too
            p.destroyForcibly();
            if (ended) {
                try {
                    reader.join(2_000); // its last words
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("the standalone simulator" + (cpus == null ? "" : " (taskset -c " + cpus
                        + ")") + " ended before it started: " + String.join(" / ", lastLines));
            }
            throw new IllegalStateException("the standalone simulator did not start on port " + port + " within 60 s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Starts its ground truth afresh ({@code POST /sim/stats/reset}): what it measured so far is dropped. */
    void resetStats() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                    + "/sim/stats/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the simulator refused to reset its stats: HTTP " + r.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting the simulator's stats", e);
        }
    }

    /** Its ground truth now ({@code GET /sim/stats}). */
    @SuppressWarnings("unchecked")
    Map<String, Object> stats() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/sim/stats"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return io.gwsload.api.Json.readMap(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the simulator's stats", e);
        }
    }
}
