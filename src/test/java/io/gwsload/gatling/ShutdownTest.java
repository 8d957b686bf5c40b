package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.gwsload.api.Json;
import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * Ctrl-C in the middle of a run: a forked JVM runs a simulation against a simulator in this JVM, gets
 * SIGINT while its agents are busy, and still ends cleanly: a complete summary.json with nothing pending,
 * and every agent logged out on the simulator.
 */
class ShutdownTest {

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void sigintMidLoadWritesACompleteSummaryAndLogsTheAgentsOut() throws Exception {
        int agents = 4;
        Path dir = Files.createTempDirectory(Path.of("target"), "gws-sigint-");
        try (GwsSimulator simulator = GwsSimulator.start(SimulatorConfig.defaults().withAgents(agents).withSupervisors(1))) {
            Path credentials = dir.resolve("agents.csv");
            simulator.writeCredentials(credentials);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"),
                    "-Dgws.url=" + simulator.baseUrl(), "-Dgws.credentials=" + credentials,
                    "-Dgws.results=" + dir.resolve("gws"), "-Dgws.progress=0s", "-Dagents=" + agents,
                    "io.gatling.app.Gatling", "-s", ShutdownSimulation.class.getName(),
                    "-rf", dir.resolve("gatling").toString(), "-nr"));
            Process gatling = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("gatling.out").toFile()).start();
            try {
                awaitCondition(() -> simulator.stats().sessions().loggedInAgents() == agents
                        && simulator.stats().counter("operationsOk") > 40, 60, "the agents logged in and busy", dir);
                new ProcessBuilder("kill", "-INT", Long.toString(gatling.pid())).inheritIO().start().waitFor();
                assertTrue(gatling.waitFor(60, TimeUnit.SECONDS), "the interrupted run ended: " + output(dir));
            } finally {
                gatling.destroyForcibly();
            }
            String out = output(dir);
            assertTrue(out.contains("gws-load: interrupted"), out);
            assertTrue(out.contains("gws-load results: "), "it says where the results are: " + out);
            Map<String, Object> summary = summary(dir.resolve("gws"));
            @SuppressWarnings("unchecked")
            Map<String, Object> books = (Map<String, Object>) summary.get("accounting");
            assertEquals(0, ((Number) books.get("pending")).intValue(), books.toString());
            assertEquals(((Number) books.get("sent")).longValue() + ((Number) books.get("unsent")).longValue(),
                    ((Number) books.get("ok")).longValue() + ((Number) books.get("ko")).longValue());
            assertTrue(((Number) books.get("sent")).longValue() > 40, books.toString());
            assertEquals(0, simulator.stats().sessions().loggedInAgents(), "every agent was logged out");
        }
    }

    private static Map<String, Object> summary(Path results) throws Exception {
        try (Stream<Path> files = Files.walk(results)) {
            Path file = files.filter(p -> p.getFileName().toString().equals("summary.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no summary.json under " + results));
            return Json.readMap(Files.readString(file));
        }
    }

    private static String output(Path dir) throws Exception {
        File f = dir.resolve("gatling.out").toFile();
        return f.exists() ? Files.readString(f.toPath(), StandardCharsets.UTF_8) : "";
    }

    /** Polls a condition of the simulator's own counters, at most {@code seconds}. */
    private static void awaitCondition(BooleanSupplier condition, int seconds, String what, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not reached within " + seconds + " s: " + what + "; " + output(dir));
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(50); // polling the simulator's counters, not waiting for time to pass
        }
    }
}
