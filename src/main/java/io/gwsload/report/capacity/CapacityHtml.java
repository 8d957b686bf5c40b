package io.gwsload.report.capacity;

import io.gwsload.report.chart.SvgChart;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The capacity report page, for someone who reads the first paragraph only: the verdict; on the
 * embedded simulator the capacity it was configured with next to the one found; latency against
 * achieved throughput (the classic curve); offered, sent and achieved rates and KO % per level; the
 * levels; every operation per level; the run's settings and versions. Self-contained (no scripts, no
 * external files), so it can be attached to a ticket as is.
 */
public final class CapacityHtml {
    private static final String[] PERCENTILE_COLOURS = {"#4c78a8", "#f58518", "#e45756"};

    private CapacityHtml() {
    }

    /**
     * @param configuration the run's settings ({@code summary.json}'s {@code configuration}), or null
     * @param groundTruth   the embedded simulator's figures, or null on a real GWS
     */
    public static String render(String run, CapacityResult r, Map<String, Object> configuration,
            Map<String, Object> groundTruth) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>gws-load capacity: ").append(esc(run))
                .append("</title><style>body{font-family:sans-serif;margin:2em;color:#222;max-width:1000px}"
                        + "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 7px;"
                        + "text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}.ok{background:#e6f4e6}"
                        + ".ko{background:#fbe3e3}.gen{background:#fff4d6}svg{border:1px solid #ddd;margin:0.5em 0}"
                        + ".truth{border-left:4px solid #4c78a8;padding:0.3em 1em;background:#f5f8fc}</style></head><body>");
        sb.append("<h1>Capacity: ").append(esc(run)).append("</h1>");
        sb.append("<p><b>").append(esc(r.verdict())).append("</b></p>");
        String headline = CapacityAnalysis.ALL.equals(r.headlineRequest()) ? "every operation together"
                : "<code>" + esc(r.headlineRequest()) + "</code>";
        sb.append(String.format(Locale.ROOT, "<p>Judged on %s. A level meets the SLO when p99 &le; %.1f ms, KO &le; "
                + "%.1f%% and at least 90%% of the offered rate was achieved.</p>", headline, r.sloP99Us() / 1000.0,
                r.sloMaxKoPercent()));
        groundTruth(sb, r, groundTruth);
        sb.append("<details><summary>How the verdict was reached</summary><ol>");
        for (String line : r.reasoning()) {
            sb.append("<li>").append(esc(line)).append("</li>");
        }
        sb.append("</ol></details>");
        List<CapacityResult.LevelResult> levels = r.levels();

        double configured = configuredCapacity(groundTruth);
        String[] levelNames = levels.stream().map(l -> "L" + l.level()).toArray(String[]::new);

        sb.append("<h2>Latency against achieved throughput</h2>");
        double[] achieved = levels.stream().mapToDouble(CapacityResult.LevelResult::achievedRate).toArray();
        List<SvgChart.Series> curve = new java.util.ArrayList<>();
        int[] percentiles = {50, 95, 99};
        for (int i = 0; i < 3; i++) {
            curve.add(new SvgChart.Series("p" + percentiles[i], PERCENTILE_COLOURS[i], SvgChart.Style.SOLID, achieved,
                    values(levels, percentiles[i]), percentiles[i] == 99 ? levelNames : null));
        }
        List<SvgChart.Line> marks = new java.util.ArrayList<>();
        if (r.capacityRate() > 0) {
            marks.add(new SvgChart.Line(r.capacityRate(), String.format(Locale.ROOT, "capacity found %.0f/s",
                    r.capacityRate()), "#2a7a2a"));
        }
        if (configured > 0) {
            marks.add(new SvgChart.Line(configured, String.format(Locale.ROOT, "configured %.0f/s", configured),
                    "#7a4c9c"));
        }
        sb.append(SvgChart.render(new SvgChart.Spec("achieved throughput (OK operations/s)", "latency (ms)", null,
                curve, List.of(new SvgChart.Line(r.sloP99Us() / 1000.0, String.format(Locale.ROOT, "SLO p99 %.0f ms",
                        r.sloP99Us() / 1000.0), "#e45756")), marks)));
        sb.append("<p>One point per level (L1 … L" + levels.size() + " on the p99 line). Where the server is saturated "
                + "the points stop moving right and climb: more load brings only more waiting (and, past its queue, "
                + "errors).</p>");

        sb.append("<h2>Offered, sent and achieved per level</h2>");
        String[] categories = levels.stream().map(l -> String.format(Locale.ROOT, "L%d %.0f/s", l.level(),
                l.offeredRate())).toArray(String[]::new);
        double[] positions = java.util.stream.IntStream.range(0, levels.size()).asDoubleStream().toArray();
        sb.append(SvgChart.render(new SvgChart.Spec("level (offered rate)", "throughput (operations/s)", categories,
                List.of(new SvgChart.Series("sent", "#72b7b2", positions, levels.stream()
                                .mapToDouble(CapacityResult.LevelResult::sentRate).toArray()),
                        new SvgChart.Series("achieved (OK)", "#54a24b", positions, achieved),
                        new SvgChart.Series("offered", "#333333", SvgChart.Style.DASHED, positions, levels.stream()
                                .mapToDouble(CapacityResult.LevelResult::offeredRate).toArray(), null)),
                List.of(), List.of())));
        sb.append("<h2>KO per level</h2>");
        sb.append(SvgChart.render(new SvgChart.Spec("level (offered rate)", "KO (% of operations)", categories,
                List.of(new SvgChart.Series("KO", "#e45756", positions, levels.stream()
                        .mapToDouble(CapacityResult.LevelResult::koPercent).toArray())),
                List.of(new SvgChart.Line(r.sloMaxKoPercent(), String.format(Locale.ROOT, "SLO %.1f %%",
                        r.sloMaxKoPercent()), "#e45756")), List.of())));

        sb.append("<h2>Levels</h2><table><tr><th>level</th><th>offered/s</th><th>sent/s</th><th>achieved/s</th>"
                + "<th>ok</th><th>ko</th><th>KO %</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th>"
                + "<th>measured s</th><th class=\"l\">SLO</th></tr>");
        for (CapacityResult.LevelResult l : levels) {
            String note = l.judgement() + (r.disturbedLevels().contains(l.level()) ? " (disturbed)" : "");
            sb.append(String.format(Locale.ROOT, "<tr class=\"%s\"><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>"
                    + "<td>%d</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>"
                    + "<td>%.1f</td><td class=\"l\">%s</td></tr>", l.generatorLimited() ? "gen" : l.meetsSlo() ? "ok" : "ko",
                    l.level(), l.offeredRate(), l.sentRate(), l.achievedRate(), l.ok(), l.ko(), l.koPercent(),
                    l.p50Us() / 1000.0, l.p95Us() / 1000.0, l.p99Us() / 1000.0, l.maxUs() / 1000.0, l.measuredSeconds(),
                    note));
        }
        sb.append("</table>");

        sb.append("<h2>Every operation per level</h2><table><tr><th>level</th><th class=\"l\">request</th>"
                + "<th>OK/s</th><th>ok</th><th>ko</th><th>KO %</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th>"
                + "<th>max ms</th></tr>");
        for (CapacityResult.LevelResult l : levels) {
            for (CapacityResult.RequestLevel q : l.requests()) {
                sb.append(String.format(Locale.ROOT, "<tr><td>%d</td><td class=\"l\">%s</td><td>%.1f</td><td>%d</td>"
                        + "<td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>", l.level(),
                        esc(q.name()), q.okPerSecond(), q.ok(), q.ko(), q.koPercent(), q.p50Us() / 1000.0,
                        q.p95Us() / 1000.0, q.p99Us() / 1000.0, q.maxUs() / 1000.0));
            }
        }
        sb.append("</table>");

        if (configuration != null && !configuration.isEmpty()) {
            sb.append("<h2>Settings and versions</h2>");
            table(sb, configuration);
        }
        CapacityResult.Plan p = r.plan();
        if (p != null) {
            sb.append(String.format(Locale.ROOT, "<p>Schedule: %d levels from %.1f/s in steps of %.1f/s, %.0f s each, "
                    + "%.0f s ramps, after %.0f s of warm-up (logins) and %.0f s of the first level's load, not judged."
                    + "</p>", p.levels(), p.startRate(), p.step(), p.levelSeconds(), p.rampSeconds(), p.warmupSeconds(),
                    p.loadWarmupSeconds()));
        }
        sb.append("<p>Percentiles are exact to 3 significant digits (HdrHistogram, µs). Each level is judged on the "
                + "one-second samples of its plateau after a 1 s settle; samples across a step are left out. "
                + "<i>Sent</i> counts requests sent and ended in the level's samples (OK + KO): when it falls short of "
                + "the offered rate while the target kept its objectives and left nothing piling up unanswered, the "
                + "load generator (agents, pacing, CPU) was the bottleneck.</p>");
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** The simulator's configured capacity next to the one found, when the run had one. */
    @SuppressWarnings("unchecked")
    private static void groundTruth(StringBuilder sb, CapacityResult r, Map<String, Object> truth) {
        if (truth == null || !(truth.get("capacity") instanceof Map<?, ?> raw)) {
            return;
        }
        Map<String, Object> c = (Map<String, Object>) raw;
        double configured = number(c.get("atThisMixPerSecond")) > 0 ? number(c.get("atThisMixPerSecond"))
                : number(c.get("configuredPerSecond"));
        sb.append("<div class=\"truth\"><p><b>Ground truth (embedded simulator).</b> ");
        sb.append(String.format(Locale.ROOT, "Configured capacity %.1f operations/s (%s workers, service time %s%s, "
                + "queue limit %s, overload answer %s)", configured, c.get("workers"), esc(String.valueOf(
                c.get("serviceTime"))), c.get("serviceTimes") instanceof String t && !t.isEmpty() ? ", per operation "
                + esc(t) : "", c.get("queueLimit"), esc(String.valueOf(c.get("overload")))));
        if (configured > 0) {
            sb.append(String.format(Locale.ROOT, "; found: capacity %.1f/s (%+.1f%%), peak throughput %.1f/s (%+.1f%%)",
                    r.capacityRate(), 100 * (r.capacityRate() / configured - 1), r.peakAchievedRate(),
                    100 * (r.peakAchievedRate() / configured - 1)));
        }
        sb.append(String.format(Locale.ROOT, ". Over the whole run: utilisation %.0f%%, %s operations waited for a "
                + "worker, %s were refused, at most %s waited at once.</p></div>", 100 * number(c.get("utilisation")),
                c.get("waited"), c.get("rejected"), c.get("peakWaiting")));
    }

    /** A map as a table of values; a map inside it (the versions, the simulator's settings) as a table inside. */
    private static void table(StringBuilder sb, Map<?, ?> values) {
        sb.append("<table>");
        values.forEach((k, v) -> {
            if (v == null) {
                return;
            }
            sb.append("<tr><th class=\"l\">").append(esc(String.valueOf(k))).append("</th><td class=\"l\">");
            if (v instanceof Map<?, ?> m) {
                table(sb, m);
            } else if (v instanceof List<?> l) {
                sb.append(esc(String.join(", ", l.stream().map(String::valueOf).toList())));
            } else {
                sb.append(esc(String.valueOf(v)));
            }
            sb.append("</td></tr>");
        });
        sb.append("</table>");
    }

    /** The simulator's configured capacity at this run's mix (or in all), 0 on a real GWS. */
    private static double configuredCapacity(Map<String, Object> truth) {
        if (truth == null || !(truth.get("capacity") instanceof Map<?, ?> c)) {
            return 0;
        }
        return number(c.get("atThisMixPerSecond")) > 0 ? number(c.get("atThisMixPerSecond"))
                : number(c.get("configuredPerSecond"));
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static double[] values(List<CapacityResult.LevelResult> levels, int percentile) {
        return levels.stream().mapToDouble(l -> (percentile == 50 ? l.p50Us() : percentile == 95 ? l.p95Us() : l.p99Us())
                / 1000.0).toArray();
    }

    private static String esc(String s) {
        return SvgChart.esc(s);
    }
}
