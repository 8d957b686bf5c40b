package io.gwsload.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gwsload.api.Json;

/**
 * Prints, as a Markdown table, the customer timings of the {@code summary.json} files given (runs of
 * {@code gwsload.CustomerJourneySimulation} at several poll intervals, see {@code bench/customer-polling.sh}): for
 * each polled timing, what the customer saw, the lower bound gws-load reports, and the embedded simulator's ground
 * truth, at p50 and p99; and the exact (pushed) customer-to-agent time.
 */
public final class CustomerPollingTable {
    private CustomerPollingTable() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| poll interval | timing | seen p50 / p99 (ms) | lower bound p50 / p99 (ms) "
                + "| simulator's truth p50 / p99 (ms) | outside the bounds | polls | run |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String arg : args) {
            Map<String, Object> s = Json.readMap(Files.readString(Path.of(arg)));
            Map<?, ?> customers = (Map<?, ?>) s.get("customers");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> requests = (List<Map<String, Object>>) s.get("requests");
            for (Map<String, Object> r : requests) {
                Map<?, ?> p = (Map<?, ?>) r.get("polled");
                String name = (String) r.get("name");
                if (p != null) {
                    System.out.printf(Locale.ROOT, "| %s ms | %s | %s / %s | %s / %s | %s / %s | %s of %s | %s | %s |%n",
                            p.get("intervalMs"), name, ms(r.get("p50Us")), ms(r.get("p99Us")), ms(p.get("lowerP50Us")),
                            ms(p.get("lowerP99Us")), ms(p.get("truthP50Us")), ms(p.get("truthP99Us")),
                            p.get("outsideBounds"), r.get("ok"), customers.get("polls"), s.get("run"));
                } else if ("Customer to agent".equals(name)) {
                    System.out.printf(Locale.ROOT, "| %s ms | %s (pushed) | %s / %s | exact | | | | %s |%n",
                            customers.get("pollIntervalMs"), name, ms(r.get("p50Us")), ms(r.get("p99Us")), s.get("run"));
                }
            }
        }
    }

    private static String ms(Object micros) {
        return micros instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue() / 1000) : "";
    }
}
