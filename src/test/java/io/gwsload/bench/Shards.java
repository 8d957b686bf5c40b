package io.gwsload.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gwsload.api.Json;
import io.gwsload.collector.OperationSpec;
import io.gwsload.report.run.Merge;
import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;
import io.gwsload.simulator.truth.SimulatorStats;

/**
 * One test on N load generators on this machine, as a Kubernetes Indexed Job runs it on N pods: one
 * standalone simulator, N Gatling JVMs of the same simulation with {@code -Dgws.shard=i/N} (each a disjoint
 * slice of the credentials and its share of populations and rates), then {@code Merge} of their results,
 * checked against the simulator's own counters. {@code bench/shards.sh N [simulation] [-Dname=value ...]}.
 */
public final class Shards {
    /** The longest one shard may run. */
    private static final long SHARD_LIMIT_SECONDS = 600;

    private Shards() {
    }

    /**
     * What a sharded run gave.
     *
     * @param exitCodes        each shard's Gatling exit code (0, or 2 when its assertions failed)
     * @param shardFolders     each shard's gws-load run folder
     * @param merged           the merged run folder
     * @param postsOk          OK operation answers in the merged summary (every "… HTTP" timing)
     * @param simulatorPostsOk operations the simulator accepted (its counter operationsOk)
     */
    public record Result(List<Integer> exitCodes, List<Path> shardFolders, Path merged, long postsOk,
            long simulatorPostsOk) {
    }

    public static Result run(int shards, String simulation, Map<String, String> properties, Path out, int users,
            PrintStream console) throws IOException, InterruptedException {
        Files.createDirectories(out);
        Path credentials = out.resolve("credentials.csv");
        SimulatorConfig config = SimulatorConfig.fromSystemProperties().withPort(0).withAgents(users)
                .withSupervisors(Math.max(10, users / 10)).withCredentialsOut(credentials);
        try (GwsSimulator simulator = GwsSimulator.start(config)) {
            console.println("gws-load shards: simulator at " + simulator.baseUrl() + ", " + shards + " generators of "
                    + simulation);
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                processes.add(start(i, shards, simulation, properties, simulator.baseUrl(), credentials, out));
            }
            List<Integer> exitCodes = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                Process p = processes.get(i);
                if (!p.waitFor(SHARD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    processes.forEach(Process::destroyForcibly);
                    throw new IllegalStateException("shard " + i + " ran past " + SHARD_LIMIT_SECONDS + " s; see "
                            + out.resolve("shard-" + i + ".log"));
                }
                exitCodes.add(p.exitValue());
                console.println("gws-load shards: shard " + i + "/" + shards + " ended with exit code " + p.exitValue()
                        + " (" + out.resolve("shard-" + i + ".log") + ")");
            }
            SimulatorStats stats = simulator.stats();
            List<Path> folders = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                folders.add(runFolder(out.resolve("shard-" + i)));
            }
            Path merged = out.resolve("merged");
            Map<String, Object> summary = Merge.merge(folders, merged);
            long postsOk = postsOk(summary);
            long simulatorOk = stats.counter("operationsOk");
            console.println("gws-load shards: merged into " + merged.toAbsolutePath() + "; OK operation answers "
                    + postsOk + " (the simulator counted " + simulatorOk + (postsOk == simulatorOk ? ": equal)"
                    : ": NOT equal)"));
            return new Result(exitCodes, folders, merged, postsOk, simulatorOk);
        }
    }

    private static Process start(int index, int shards, String simulation, Map<String, String> properties, String url,
            Path credentials, Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1G", "-XX:+UseZGC", // as the Gatling plugin's jvmArgs in pom.xml, smaller: N of them share the machine
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "-Dgws.url=" + url, "-Dgws.credentials=" + credentials,
                "-Dgws.shard=" + index + "/" + shards, "-Dgws.results=" + out.resolve("shard-" + index),
                "-Dgws.progress=0s"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("io.gatling.app.Gatling", "-s", simulation, "-rf",
                out.resolve("gatling-" + index).toString(), "-nr"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("shard-" + index + ".log").toFile()).start();
    }

    private static Path runFolder(Path results) throws IOException {
        try (var files = Files.walk(results, 2)) {
            return files.filter(p -> p.getFileName().toString().equals("summary.json")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no summary.json under " + results)).getParent();
        }
    }

    @SuppressWarnings("unchecked")
    private static long postsOk(Map<String, Object> summary) {
        long ok = 0;
        for (Map<String, Object> r : (List<Map<String, Object>>) summary.get("requests")) {
            if (((String) r.get("name")).endsWith(OperationSpec.httpName(""))) { // "Accept HTTP": the answer
                ok += ((Number) r.get("ok")).longValue();
            }
        }
        return ok;
    }

    /** {@code Shards N simulation out users [name=value ...]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: Shards <shards> <simulation class> <out folder> <users> [name=value ...]");
            System.exit(2);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            String a = args[i].startsWith("-D") ? args[i].substring(2) : args[i];
            int eq = a.indexOf('=');
            if (eq <= 0) {
                System.err.println("gws-load shards: '" + args[i] + "' is not name=value");
                System.exit(2);
            }
            properties.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Result r = run(Integer.parseInt(args[0]), args[1], properties, Path.of(args[2]), Integer.parseInt(args[3]),
                System.out);
        System.out.println(Json.write(Map.of("exitCodes", r.exitCodes(), "merged", r.merged().toString(),
                "postsOk", r.postsOk(), "simulatorPostsOk", r.simulatorPostsOk())));
        System.exit(r.postsOk() == r.simulatorPostsOk() && r.exitCodes().stream().allMatch(c -> c == 0) ? 0 : 1);
    }
}
