package io.gwsload.report.compare;

import io.gwsload.report.chart.SvgChart;
import io.gwsload.report.run.RunSummary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.gwsload.api.Json;

/**
 * Run trends: one self-contained HTML page over every run of one simulation under {@code results/}, oldest
 * first: per operation its p50 and p99 (with the baseline's as dashed lines when
 * {@code results/baselines/<simulation>} exists), OK/s and KO %, and a table of the runs.
 */
public final class Trends {
    private static final String[] COLOURS = {"#4c78a8", "#e45756", "#54a24b", "#f58518"};

    private Trends() {
    }

    /** Writes the page for {@code simulation} under {@code results}; returns its path. */
    public static Path write(Path results, String simulation, Path out) throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        try (Stream<Path> all = Files.list(results)) {
            for (Path run : all.filter(p -> p.getFileName().toString().startsWith(simulation + "-"))
                    .filter(p -> Files.isRegularFile(p.resolve("summary.json")))
                    .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                Map<String, Object> s = Json.readMap(Files.readString(run.resolve("summary.json")));
                if (s.get("schemaVersion") instanceof Number) {
                    runs.add(s);
                }
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("No run of " + simulation + " (format " + RunSummary.SCHEMA_VERSION
                    + ") under " + results + ".");
        }
        Path baselineFile = results.resolve("baselines").resolve(simulation).resolve("summary.json");
        Map<String, Object> baseline = Files.isRegularFile(baselineFile)
                ? Json.readMap(Files.readString(baselineFile)) : null;
        Files.writeString(out, render(simulation, runs, baseline));
        return out;
    }

    /** Fewer OK samples per run than this (the median over runs): drawn as noise would be, so left out. */
    static final int MIN_SAMPLES = 20;

    @SuppressWarnings("unchecked")
    public static String render(String simulation, List<Map<String, Object>> runs, Map<String, Object> baseline) {
        // One x position per run, named by its number in the runs table below.
        String[] labels = new String[runs.size()];
        double[] positions = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            labels[i] = "#" + (i + 1);
            positions[i] = i;
        }
        Set<String> operations = new LinkedHashSet<>();
        for (Map<String, Object> run : runs) {
            for (Object o : (List<Object>) run.get("requests")) {
                Map<String, Object> r = (Map<String, Object>) o;
                if (r.get("completedBy") instanceof Map<?, ?> m && !m.isEmpty()) {
                    operations.add((String) r.get("name"));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>gws-load trends: ")
                .append(SvgChart.esc(simulation)).append("</title><style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "th{background:#f4f4f4}td.l{text-align:left}svg{border:1px solid #ddd;margin:0.5em 0}"
                        + ".charts{display:flex;flex-wrap:wrap;gap:1em}</style></head><body>");
        sb.append("<h1>Trends: ").append(SvgChart.esc(simulation)).append("</h1>");
        sb.append(String.format(Locale.ROOT, "<p>%d run(s), oldest first, numbered as in the <a href=\"#runs\">runs "
                + "table</a>. Latencies of OK operations (POST to the notification that shows the effect), exact to 3 "
                + "significant digits.%s</p>", runs.size(), baseline == null ? " No baseline in results/baselines."
                        : " Dashed lines: the baseline (" + SvgChart.esc(String.valueOf(baseline.get("run"))) + ")."));
        List<String> leftOut = new ArrayList<>();
        for (String op : operations) {
            double samples = median(series(runs, op, "ok", 1));
            if (samples < MIN_SAMPLES) {
                leftOut.add(String.format(Locale.ROOT, "%s (%.0f OK per run)", op, samples));
                continue;
            }
            sb.append("<h2>").append(SvgChart.esc(op)).append("</h2><div class=\"charts\">");
            sb.append(SvgChart.render(new SvgChart.Spec("run (# in the runs table)", "latency (ms)", labels, List.of(
                    new SvgChart.Series("p50", COLOURS[0], positions, series(runs, op, "p50Us", 1000)),
                    new SvgChart.Series("p99", COLOURS[1], positions, series(runs, op, "p99Us", 1000))),
                    references(baseline, op, new String[] {"p50Us", "p99Us"}, new String[] {"p50", "p99"}, 1000,
                            " ms", new String[] {COLOURS[0], COLOURS[1]}), List.of())));
            sb.append(SvgChart.render(new SvgChart.Spec("run (# in the runs table)", "throughput (OK operations/s)", labels, List.of(
                    new SvgChart.Series("OK/s", COLOURS[2], positions, series(runs, op, "okPerSecond", 1))),
                    references(baseline, op, new String[] {"okPerSecond"}, new String[] {"OK/s"}, 1, "/s",
                            new String[] {COLOURS[2]}), List.of())));
            sb.append(SvgChart.render(new SvgChart.Spec("run (# in the runs table)", "KO (% of operations)", labels, List.of(
                    new SvgChart.Series("KO", COLOURS[3], positions, koPercent(runs, op))), List.of(), List.of())));
            sb.append("</div>");
        }
        if (!leftOut.isEmpty()) {
            sb.append("<p>Not charted, too few samples per run for a trend (fewer than ").append(MIN_SAMPLES)
                    .append("): ").append(SvgChart.esc(String.join(", ", leftOut))).append(".</p>");
        }
        sb.append("<h2 id=\"runs\">Runs</h2><table><tr><th>#</th><th class=\"l\">run</th><th class=\"l\">start</th>"
                + "<th>sent</th><th>ok</th><th>ko</th><th>pending</th><th>seconds</th></tr>");
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Object> run = runs.get(i);
            Map<String, Object> a = (Map<String, Object>) run.get("accounting");
            sb.append(String.format(Locale.ROOT, "<tr><td>#%d</td><td class=\"l\">%s</td><td class=\"l\">%s</td>"
                    + "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%.1f</td></tr>", i + 1,
                    SvgChart.esc(String.valueOf(run.get("run"))), SvgChart.esc(String.valueOf(run.get("start"))),
                    a.get("sent"), a.get("ok"), a.get("ko"), a.get("pending"),
                    ((Number) run.get("durationSeconds")).doubleValue()));
        }
        sb.append("</table></body></html>\n");
        return sb.toString();
    }

    /** The baseline's figures of {@code op} as dashed horizontal lines, named with their values. */
    private static List<SvgChart.Line> references(Map<String, Object> baseline, String op, String[] fields,
            String[] names, double divisor, String unit, String[] colours) {
        List<SvgChart.Line> lines = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            double v = reference(baseline, op, fields[i], divisor);
            if (!Double.isNaN(v)) {
                lines.add(new SvgChart.Line(v, String.format(Locale.ROOT, "baseline %s %.1f%s", names[i], v, unit),
                        colours[i]));
            }
        }
        return lines;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> request(Map<String, Object> run, String name) {
        for (Object o : (List<Object>) run.get("requests")) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (name.equals(r.get("name"))) {
                return r;
            }
        }
        return null;
    }

    private static double[] series(List<Map<String, Object>> runs, String op, String field, double divisor) {
        return runs.stream().mapToDouble(run -> {
            Map<String, Object> r = request(run, op);
            return r == null ? 0 : ((Number) r.get(field)).doubleValue() / divisor;
        }).toArray();
    }

    private static double[] koPercent(List<Map<String, Object>> runs, String op) {
        return runs.stream().mapToDouble(run -> {
            Map<String, Object> r = request(run, op);
            long count = r == null ? 0 : ((Number) r.get("count")).longValue();
            return count == 0 ? 0 : 100.0 * ((Number) r.get("ko")).longValue() / count;
        }).toArray();
    }

    private static double reference(Map<String, Object> baseline, String op, String field, double divisor) {
        Map<String, Object> r = baseline == null ? null : request(baseline, op);
        return r == null ? Double.NaN : ((Number) r.get(field)).doubleValue() / divisor;
    }

    /** {@code Trends <results folder> <simulation> [--out FILE]}: exit 0, or 2 with one sentence. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length != 2 && !(args.length == 4 && args[2].equals("--out"))) {
                throw new IllegalArgumentException("usage: Trends <results folder> <simulation> [--out FILE]");
            }
            Path results = Path.of(args[0]);
            Path page = args.length == 4 ? Path.of(args[3]) : results.resolve(args[1] + "-trends.html");
            out.println("gws-load trends: " + write(results, args[1], page).toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("gws-load trends: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("gws-load trends: the runs could not be read: " + e);
            return 2;
        }
    }
}
