package io.gwsload.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.gatling.charts.stats.GeneralStats;
import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader;
import io.gatling.charts.stats.RequestStatsPath;
import io.gatling.charts.stats.StatsPath;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.stats.Status;
import io.gatling.core.config.GatlingConfiguration;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Gatling's own record of a run, read with Gatling's own reader from its binary {@code simulation.log}
 * (the reader needs {@code --add-opens java.base/java.lang}, which surefire passes): OK and KO counts per
 * request name, to compare with gws-load's summary.
 */
final class GatlingResults {
    private GatlingResults() {
    }

    /** {@code name -> [ok, ko]} of the newest run folder under {@code gatlingResults}. */
    static Map<String, long[]> counts(Path gatlingResults) throws IOException {
        Path run;
        try (Stream<Path> runs = Files.list(gatlingResults)) {
            run = runs.filter(p -> Files.exists(p.resolve("simulation.log"))).max(Comparator.naturalOrder())
                    .orElseThrow(() -> new AssertionError("no simulation.log under " + gatlingResults));
        }
        LogFileData data = LogFileReader.apply(run.getFileName().toString(), run.getParent(),
                GatlingConfiguration.load()).read();
        Option<Status> ok = Option.apply(OK$.MODULE$);
        Option<Status> ko = Option.apply(KO$.MODULE$);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (StatsPath p : CollectionConverters.asJava(data.statsPaths())) {
            if (p instanceof RequestStatsPath r) {
                Option<String> name = Option.apply(r.request());
                counts.put(r.request(), new long[] {count(data.requestGeneralStats(name, r.group(), ok)),
                    count(data.requestGeneralStats(name, r.group(), ko))});
            }
        }
        return counts;
    }

    private static long count(Option<GeneralStats> stats) {
        return stats.isDefined() ? stats.get().count() : 0;
    }
}
