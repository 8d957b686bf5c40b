package io.gwsload.report.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links a gws-load run folder with Gatling's folder of the same run, both ways, and keeps
 * {@code results/latest} (a symbolic link, and {@code results/latest.txt} with the folder's name for file
 * systems and CI artifacts without links) pointing at the newest run.
 */
final class RunLinks {
    private static final Logger LOG = LoggerFactory.getLogger(RunLinks.class);

    private RunLinks() {
    }

    /**
     * Gatling's folder of this run: {@code <simulation lower-cased>-<timestamp>} under {@code gatlingResults},
     * the newest one created since the run started; null when there is none (a run outside Maven).
     */
    static Path findGatlingRun(Path gatlingResults, String simulation, long runStartMillis) {
        if (!Files.isDirectory(gatlingResults)) {
            return null;
        }
        String prefix = simulation.toLowerCase(Locale.ROOT) + "-";
        try (Stream<Path> runs = Files.list(gatlingResults)) {
            return runs.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> p.toFile().lastModified() >= runStartMillis - 60_000)
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static void link(Path resultsRoot, Path run, Path gatlingRun) {
        if (gatlingRun != null) {
            try {
                Files.writeString(run.resolve("gatling-run.txt"), gatlingRun.toAbsolutePath() + "\n");
                Files.writeString(gatlingRun.resolve("gws-load-run.txt"), run.toAbsolutePath() + "\n");
            } catch (IOException e) {
                LOG.warn("Could not link {} and Gatling's {}: {}", run, gatlingRun, e.toString());
            }
        }
        try {
            Files.writeString(resultsRoot.resolve("latest.txt"), run.getFileName() + "\n");
        } catch (IOException e) {
            LOG.warn("Could not write {}: {}", resultsRoot.resolve("latest.txt"), e.toString());
        }
        Path latest = resultsRoot.resolve("latest");
        try {
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, run.getFileName());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Could not point {} at the newest run ({}); results/latest.txt names it", latest, e.toString());
        }
    }
}
