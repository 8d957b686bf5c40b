package io.gwsload.report;

import java.util.Locale;

/**
 * A small line chart as inline SVG (no scripts, no external files): one line per series over labelled
 * points, scaled to the data, with an optional dashed reference line per series (a baseline) and one
 * threshold (an SLO), named instead of drawn when it lies far above the data.
 */
final class SvgChart {
    private static final int W = 720;
    private static final int H = 280;
    private static final int PAD = 50;

    /** One line: its values at each x, its colour, and an optional reference (NaN for none). */
    record Series(String name, String colour, double[] values, double reference) {
    }

    private SvgChart() {
    }

    static String lines(String[] xLabels, Series[] series, double threshold, String thresholdName) {
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                max = Math.max(max, v);
            }
            if (!Double.isNaN(s.reference())) {
                max = Math.max(max, s.reference());
            }
        }
        max = scale(max, threshold);
        int n = xLabels.length;
        StringBuilder sb = new StringBuilder();
        frame(sb, H, max);
        for (int i = 0; i < n; i++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                    x(i, n), H - PAD + 14, esc(xLabels[i])));
        }
        threshold(sb, threshold, thresholdName, max);
        for (int s = 0; s < series.length; s++) {
            Series line = series[s];
            if (!Double.isNaN(line.reference())) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
                        + "stroke-dasharray=\"6 4\" stroke-opacity=\"0.7\"/>", PAD, y(line.reference(), max), W - 10,
                        y(line.reference(), max), line.colour()));
            }
            double[] px = new double[n];
            double[] py = new double[n];
            for (int i = 0; i < n; i++) {
                px[i] = x(i, n);
                py[i] = y(line.values()[i], max);
            }
            line(sb, s, line.name(), line.colour(), px, py);
        }
        sb.append("</svg>");
        return sb.toString();
    }

    /** One line through (x, y) points, in the order given. */
    record XySeries(String name, String colour, double[] x, double[] y) {
    }

    /**
     * Lines over a numeric x axis (e.g. latency against achieved throughput): both axes from 0 to the
     * data's maximum, with axis titles, and an optional horizontal threshold (an SLO).
     */
    static String xy(XySeries[] series, String xTitle, String yTitle, double threshold, String thresholdName) {
        double maxX = 0;
        double maxY = 0;
        for (XySeries s : series) {
            for (int i = 0; i < s.x().length; i++) {
                maxX = Math.max(maxX, s.x()[i]);
                maxY = Math.max(maxY, s.y()[i]);
            }
        }
        maxX = maxX <= 0 ? 1 : maxX * 1.1;
        maxY = scale(maxY, threshold);
        StringBuilder sb = new StringBuilder();
        frame(sb, H + 16, maxY);
        for (int t = 0; t <= 4; t++) {
            double u = maxX * t / 4;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.0f</text>",
                    xAt(u, maxX), H - PAD + 14, u));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                (PAD + W) / 2, H - PAD + 32, esc(xTitle)));
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 12 %d)\">%s</text>", (H - PAD) / 2, (H - PAD) / 2, esc(yTitle)));
        threshold(sb, threshold, thresholdName, maxY);
        for (int s = 0; s < series.length; s++) {
            XySeries line = series[s];
            double[] px = new double[line.x().length];
            double[] py = new double[line.x().length];
            for (int i = 0; i < px.length; i++) {
                px[i] = xAt(line.x()[i], maxX);
                py[i] = y(line.y()[i], maxY);
            }
            line(sb, s, line.name(), line.colour(), px, py);
        }
        sb.append("</svg>");
        return sb.toString();
    }

    /**
     * The top of the y axis: the data's maximum with room above it. A threshold far above the data would
     * flatten every line; it is then named instead of drawn.
     */
    private static double scale(double dataMax, double threshold) {
        double max = dataMax <= 0 ? 1 : dataMax * 1.2;
        if (threshold > 0 && threshold <= max * 1.5) {
            max = Math.max(max, threshold * 1.1);
        }
        return max;
    }

    /** The svg element, both axes and the y axis's ticks. */
    private static void frame(StringBuilder sb, int height, double maxY) {
        sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, height, W,
                height));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", PAD,
                H - PAD, W - 10, H - PAD));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", PAD, PAD,
                H - PAD));
        for (int t = 0; t <= 4; t++) {
            double v = maxY * t / 4;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.1f</text>",
                    PAD - 4, y(v, maxY) + 3, v));
        }
    }

    /** A dashed horizontal threshold, or its name and value when it lies above the chart; none when 0 or less. */
    private static void threshold(StringBuilder sb, double threshold, String name, double maxY) {
        if (threshold > maxY) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"11\" fill=\"#e45756\" "
                    + "text-anchor=\"end\">%s %.1f (above the chart)</text>", W - 10, esc(name), threshold));
        } else if (threshold > 0) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e45756\" "
                    + "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%.1f\" font-size=\"10\" fill=\"#e45756\">%s</text>",
                    PAD, y(threshold, maxY), W - 10, y(threshold, maxY), W - 40, y(threshold, maxY) - 3, esc(name)));
        }
    }

    /** The {@code index}-th series: its points, the line through them, and its name in the legend. */
    private static void line(StringBuilder sb, int index, String name, String colour, double[] px, double[] py) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < px.length; i++) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px[i], py[i]));
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px[i], py[i],
                    colour));
        }
        sb.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>",
                colour, points.toString().trim()));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
                PAD + 10 + index * 90, 20, colour, esc(name)));
    }

    private static double xAt(double v, double max) {
        return PAD + v / max * (W - PAD - 20);
    }

    private static double x(int i, int n) {
        return n == 1 ? (PAD + W) / 2.0 : PAD + 20 + i * (W - PAD - 50) / (double) (n - 1);
    }

    private static double y(double v, double max) {
        return (H - PAD) - v / max * (H - PAD - 20);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
