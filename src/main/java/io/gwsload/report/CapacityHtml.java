package io.gwsload.report;

import java.util.List;
import java.util.Locale;

/**
 * The capacity report page: the verdict, latency and throughput per level as two SVG charts, and the
 * table. Self-contained (no scripts, no external files), so it can be attached to a ticket as is.
 */
final class CapacityHtml {
    private static final int W = 720;
    private static final int H = 280;
    private static final int PAD = 50;

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
        double max = 0;
        for (double[] s : series) {
            for (double v : s) {
                max = Math.max(max, v);
            }
        }
        // Scaled to the data: an SLO far above it would flatten every line; it is then named instead.
        max = max <= 0 ? 1 : max * 1.2;
        if (threshold > 0 && threshold <= max * 1.5) {
            max = Math.max(max, threshold * 1.1);
        }
        int n = levels.size();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, H, W, H));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", PAD,
                H - PAD, W - 10, H - PAD));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", PAD, PAD,
                H - PAD));
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            double y = y(v, max);
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.1f</text>",
                    PAD - 4, y + 3, v));
        }
        for (int i = 0; i < n; i++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.1f/s</text>",
                    x(i, n), H - PAD + 14, levels.get(i).offeredRate()));
        }
        if (threshold > max) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"11\" fill=\"#e45756\" "
                    + "text-anchor=\"end\">SLO %.1f (above the chart)</text>", W - 10, threshold));
        } else if (threshold > 0) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e45756\" "
                    + "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#e45756\">SLO</text>",
                    PAD, y(threshold, max), W - 10, y(threshold, max), W - 40, y(threshold, max) - 3));
        }
        for (int s = 0; s < series.length; s++) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n), y(series[s][i], max)));
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", x(i, n),
                        y(series[s][i], max), colours[s]));
            }
            sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                    colours[s], points.toString().trim()));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
                    PAD + 10 + s * 80, 20, colours[s], names[s]));
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static double x(int i, int n) {
        return n == 1 ? (PAD + W) / 2.0 : PAD + 20 + i * (W - PAD - 50) / (double) (n - 1);
    }

    private static double y(double v, double max) {
        return (H - PAD) - v / max * (H - PAD - 20);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
