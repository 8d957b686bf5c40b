package io.gwsload.report.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.gwsload.api.Json;

/**
 * What a run folder promises to its readers: {@code summary.json} valid against its versioned JSON Schema,
 * and {@code latencies.hlog} read whole by HdrHistogram's own {@code HistogramLogReader}, its OK counts per
 * request name equal to the summary's.
 */
public final class RunFolderContract {
    private static final Schema SCHEMA;

    static {
        try (InputStream in = Files.newInputStream(Path.of("schemas", "summary-v1.schema.json"))) {
            SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RunFolderContract() {
    }

    public static void assertHolds(Path runFolder) throws Exception {
        JsonNode summary = Json.MAPPER.readTree(runFolder.resolve("summary.json").toFile());
        List<Error> errors = SCHEMA.validate(summary);
        assertTrue(errors.isEmpty(), "summary.json against schemas/summary-v1.schema.json: " + errors);

        Map<String, Long> fromLog = new TreeMap<>();
        try (FileInputStream in = new FileInputStream(runFolder.resolve("latencies.hlog").toFile())) {
            HistogramLogReader reader = new HistogramLogReader(in);
            // From the log's start on, as HistogramLogProcessor reads by default: no interval may start before it.
            for (EncodableHistogram h = reader.nextIntervalHistogram(0.0, Double.MAX_VALUE); h != null;
                    h = reader.nextIntervalHistogram(0.0, Double.MAX_VALUE)) {
                String name = HlogTags.decode(h.getTag());
                fromLog.merge(name, ((Histogram) h).getTotalCount(), Long::sum);
            }
        }
        Map<String, Long> fromSummary = new TreeMap<>();
        Set<String> names = new TreeSet<>();
        for (JsonNode r : summary.get("requests")) {
            names.add(r.get("name").asText());
            if (r.get("ok").asLong() > 0) {
                fromSummary.put(r.get("name").asText(), r.get("ok").asLong());
            }
        }
        assertEquals(fromSummary, fromLog, "OK counts per request: the hlog (stock reader) and the summary");
    }
}
