package io.gwsload.report;

import java.util.List;
import java.util.Locale;

/**
 * The capacity report page: the verdict, latency and throughput per level as two SVG charts, and the
 * table. Self-contained (no scripts, no external files), so it can be attached to a ticket as is.
 */
final class CapacityHtml {
    private CapacityHtml() {
    }

    static String render(String run, CapacityResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>gws-load capacity: ").append(esc(run))
                .append("</title><style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}"
                        + ".ok{background:#e6f4e6}.ko{background:#fbe3e3}svg{border:1px solid #ddd;margin:1em 0}"
                        + "</style></head><body>");
        sb.append("<h1>Capacity: ").append(esc(run)).append("</h1>");
        sb.append("<p><b>").append(esc(r.verdict())).append("</b></p>");
        sb.append(String.format(Locale.ROOT, "<p>Headline request <code>%s</code>; SLO: p99 &le; %.1f ms, KO &le; %.1f%%, "
                + "achieved &ge; 90%% of offered.</p>", esc(r.headlineRequest()), r.sloP99Us() / 1000.0, r.sloMaxKoPercent()));
        List<CapacityResult.LevelResult> levels = r.levels();
        sb.append("<h2>Latency per level (ms)</h2>");
        sb.append(chart(levels, new double[][] {values(levels, 50), values(levels, 95), values(levels, 99)},
                new String[] {"p50", "p95", "p99"}, new String[] {"#4c78a8", "#f58518", "#e45756"},
                r.sloP99Us() / 1000.0));
        sb.append("<h2>Throughput per level (/s)</h2>");
        double[] offered = levels.stream().mapToDouble(CapacityResult.LevelResult::offeredRate).toArray();
        double[] achieved = levels.stream().mapToDouble(CapacityResult.LevelResult::achievedRate).toArray();
        sb.append(chart(levels, new double[][] {offered, achieved}, new String[] {"offered", "achieved"},
                new String[] {"#999999", "#54a24b"}, -1));
        sb.append("<h2>Levels</h2><table><tr><th>level</th><th>offered/s</th><th>achieved/s</th><th>ok</th><th>ko</th>"
                + "<th>KO %</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>measured s</th>"
                + "<th>SLO</th></tr>");
        for (CapacityResult.LevelResult l : levels) {
            sb.append(String.format(Locale.ROOT, "<tr class=\"%s\"><td>%d</td><td>%.2f</td><td>%.2f</td><td>%d</td>"
                    + "<td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.1f</td>"
                    + "<td>%s</td></tr>", l.meetsSlo() ? "ok" : "ko", l.level(), l.offeredRate(), l.achievedRate(), l.ok(),
                    l.ko(), l.koPercent(), l.p50Us() / 1000.0, l.p95Us() / 1000.0, l.p99Us() / 1000.0, l.maxUs() / 1000.0,
                    l.measuredSeconds(), l.meetsSlo() ? "met" : "missed"));
        }
        sb.append("</table><p>Percentiles are exact to 3 significant digits (HdrHistogram, µs). Each level is judged on "
                + "the one-second samples of its plateau after a 1 s settle; samples across a step are left out.</p>");
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static double[] values(List<CapacityResult.LevelResult> levels, int percentile) {
        return levels.stream().mapToDouble(l -> (percentile == 50 ? l.p50Us() : percentile == 95 ? l.p95Us() : l.p99Us())
                / 1000.0).toArray();
    }

    private static String chart(List<CapacityResult.LevelResult> levels, double[][] series, String[] names,
            String[] colours, double threshold) {
        String[] labels = levels.stream().map(l -> String.format(Locale.ROOT, "%.1f/s", l.offeredRate()))
                .toArray(String[]::new);
        SvgChart.Series[] lines = new SvgChart.Series[series.length];
        for (int i = 0; i < series.length; i++) {
            lines[i] = new SvgChart.Series(names[i], colours[i], series[i], Double.NaN);
        }
        return SvgChart.lines(labels, lines, threshold, "SLO");
    }

    private static String esc(String s) {
        return SvgChart.esc(s);
    }
}
