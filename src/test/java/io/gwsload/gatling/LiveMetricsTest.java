package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.gwsload.api.Json;

/**
 * The Prometheus endpoint during a real run: scraped while the simulation runs, its last figures (taken
 * after every operation ended) equal the run's summary; agents logged in were seen; and every gws-load
 * metric the Grafana dashboard queries is one the endpoint serves.
 */
class LiveMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? ([-+0-9.eEInfNa]+)$");

    @Test
    @SuppressWarnings("unchecked")
    void theEndpointShowsTheRunsFiguresWhileItRuns() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MetricsSimulation.agentsSeen = new CompletableFuture<>();
        CompletableFuture<GatlingRuns.Run> running = CompletableFuture.supplyAsync(() -> {
            try {
                return GatlingRuns.run(MetricsSimulation.class, Map.of("gws.metrics.port", String.valueOf(port)));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        String last = null;
        double mostAgents = 0;
        int scrapes = 0;
        while (!running.isDone()) {
            try {
                String body = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                last = body;
                scrapes++;
                mostAgents = Math.max(mostAgents, samples(body).getOrDefault("gwsload_agents_logged_in", 0.0));
                if (mostAgents == 2.0) {
                    MetricsSimulation.agentsSeen.complete(null); // the agents go on
                }
            } catch (java.io.IOException e) {
                // not listening yet, or already closed: the run decides, the loop only looks
            }
            Thread.sleep(50); // the scrape interval, not a synchronisation: the assertions hold for any last scrape
        }
        GatlingRuns.Run run = running.get();
        assertEquals(0, run.exitCode(), run.stderr());
        assertNotNull(last, "the endpoint answered during the run");
        assertTrue(scrapes > 5, "scraped " + scrapes + " times");
        assertEquals(2.0, mostAgents, "both agents were seen logged in");

        Map<String, Double> m = samples(last);
        Map<String, Object> summary = run.summary();
        for (Map<String, Object> r : (List<Map<String, Object>>) summary.get("requests")) {
            String name = (String) r.get("name");
            assertEquals(((Number) r.get("ok")).doubleValue(),
                    m.get("gwsload_requests_total{request=\"" + name + "\",status=\"ok\"}"), name + " OK");
            assertEquals(((Number) r.get("ko")).doubleValue(),
                    m.get("gwsload_requests_total{request=\"" + name + "\",status=\"ko\"}"), name + " KO");
            assertEquals(((Number) r.get("ok")).doubleValue(),
                    m.get("gwsload_request_latency_seconds_count{request=\"" + name + "\"}"), name + " latencies");
        }
        Map<String, Object> books = (Map<String, Object>) summary.get("accounting");
        assertEquals(((Number) books.get("sent")).doubleValue(), m.get("gwsload_operations_total{entry=\"sent\"}"));
        assertEquals(0.0, m.get("gwsload_operations_pending"));
        assertEquals(0.0, m.get("gwsload_agents_logged_in"), "both logged out before the end");
        assertTrue(m.get("process_cpu_seconds_total") > 0, "the JVM's own metrics are there");

        // The Grafana dashboard queries only metrics the endpoint serves.
        JsonNode dashboard = Json.MAPPER.readTree(Files.readString(Path.of("deploy", "grafana",
                "gws-load-dashboard.json")));
        Set<String> served = new TreeSet<>();
        m.keySet().forEach(k -> served.add(k.replaceAll("\\{.*", "")));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = Pattern.compile("\\b((?:gwsload|process|jvm)_[a-z_]+)").matcher(target.path("expr")
                        .asText());
                while (metric.find()) {
                    queried.add(metric.group(1));
                }
            }
        }
        assertTrue(queried.size() >= 8, queried.toString());
        assertImportFormat(dashboard);
        for (String name : queried) {
            assertTrue(served.contains(name), name + " is queried by the dashboard but not served: " + served);
        }
    }

    /**
     * What Grafana's import needs (Dashboards → Import): a declared Prometheus data source input that every
     * panel and target uses, a uid and title, and panels each with a type, a title, a place on the grid and
     * at least one query.
     */
    private static void assertImportFormat(JsonNode d) {
        JsonNode input = d.path("__inputs").path(0);
        assertEquals("datasource", input.path("type").asText());
        assertEquals("prometheus", input.path("pluginId").asText());
        String ds = "${" + input.path("name").asText() + "}";
        assertTrue(!d.path("uid").asText().isEmpty() && !d.path("title").asText().isEmpty());
        assertTrue(d.path("schemaVersion").asInt() >= 30, "a current dashboard schema");
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : d.path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + title);
            assertEquals("timeseries", panel.path("type").asText(), title);
            assertEquals(ds, panel.path("datasource").path("uid").asText(), title);
            for (String k : List.of("h", "w", "x", "y")) {
                assertTrue(panel.path("gridPos").path(k).isInt(), title + " gridPos." + k);
            }
            assertTrue(panel.path("gridPos").path("x").asInt() + panel.path("gridPos").path("w").asInt() <= 24,
                    title + " fits the 24-column grid");
            assertTrue(panel.path("targets").size() > 0, title);
            for (JsonNode t : panel.path("targets")) {
                assertEquals(ds, t.path("datasource").path("uid").asText(), title);
                assertTrue(t.path("expr").asText().contains("job=~\"$job\""), title + ": filtered by the job variable");
            }
        }
        assertEquals("job", d.path("templating").path("list").path(0).path("name").asText());
    }

    /** One entry per sample line: "name{labels}" (labels as written) → value. */
    static Map<String, Double> samples(String exposition) {
        Map<String, Double> map = new HashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher s = SAMPLE.matcher(line.trim());
            if (!line.startsWith("#") && s.matches()) {
                map.put(s.group(1) + (s.group(2) == null ? "" : s.group(2)), Double.parseDouble(s.group(3)));
            }
        }
        return map;
    }
}
