package io.gwsload.gatling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.gatling.app.Gatling$;
import io.gwsload.api.Json;

/**
 * Runs a Gatling simulation in this JVM, as {@code mvn gatling:test} would in a forked one: with the
 * given system properties (the {@code -D} parameters), capturing what it prints on stderr, and finding
 * the gws-load summary it wrote.
 */
final class GatlingRuns {
    private GatlingRuns() {
    }

    /** How a run ended: Gatling's exit code (2: assertions failed), or the exception it threw. */
    record Run(int exitCode, Throwable crash, String stderr, Path resultsRoot, Path gatlingResults, String stdout) {

        /**
         * Every place the run wrote {@code text}: its console (stdout, stderr) and any file under its gws-load and
         * Gatling results (searched as bytes, so binary logs count too).
         */
        List<String> placesHolding(String text) throws IOException {
            List<String> places = new java.util.ArrayList<>();
            if (stdout.contains(text)) {
                places.add("stdout");
            }
            if (stderr.contains(text)) {
                places.add("stderr");
            }
            byte[] needle = text.getBytes(StandardCharsets.UTF_8);
            for (Path root : List.of(resultsRoot, gatlingResults)) {
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        if (indexOf(Files.readAllBytes(f), needle) >= 0) {
                            places.add(f.toString());
                        }
                    }
                }
            }
            return places;
        }

        private static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** The run folder gws-load wrote: one, however many populations the simulation has. */
        Path runFolder() throws IOException {
            return onlySummary().getParent();
        }

        /** The one summary.json the run wrote. */
        Map<String, Object> summary() throws IOException {
            return Json.readMap(Files.readString(onlySummary()));
        }

        private Path onlySummary() throws IOException {
            try (Stream<Path> files = Files.walk(resultsRoot)) {
                List<Path> all = files.filter(p -> p.getFileName().toString().equals("summary.json")).toList();
                if (all.size() != 1) {
                    throw new AssertionError("one summary.json under " + resultsRoot + " (one run), found " + all);
                }
                return all.get(0);
            }
        }
    }

    static synchronized Run run(Class<?> simulation, Map<String, String> properties) throws IOException {
        Path results = Files.createTempDirectory(Path.of("target"), "gws-it-");
        Map<String, String> all = new java.util.HashMap<>(properties);
        all.put("gws.results", results.resolve("gws").toString());
        all.put("gws.progress", "0s");
        all.forEach(System::setProperty);
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(captured, stderr), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new TeeStream(capturedOut, stdout), true, StandardCharsets.UTF_8));
        try {
            int code = Gatling$.MODULE$.fromArgs(new String[] {"-s", simulation.getName(), "-rf",
                results.resolve("gatling").toString(), "-nr"});
            return new Run(code, null, captured.toString(StandardCharsets.UTF_8), results.resolve("gws"),
                    results.resolve("gatling"), capturedOut.toString(StandardCharsets.UTF_8));
        } catch (Throwable t) {
            return new Run(-1, t, captured.toString(StandardCharsets.UTF_8), results.resolve("gws"),
                    results.resolve("gatling"), capturedOut.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(stderr);
            System.setOut(stdout);
            all.keySet().forEach(System::clearProperty);
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
