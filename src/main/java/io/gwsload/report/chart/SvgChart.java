package io.gwsload.report.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small chart as inline SVG (no scripts, no fonts, no external files, the same in every browser): lines over a
 * numeric or a categorical x axis, both axes titled with their units and ticked at round values, the x axis over
 * the data's range (not from 0), a legend with a swatch per series, labels on points, dashed thresholds and
 * vertical markers. Every text is placed where it overlaps no other (a label that finds no room is left out), so
 * a chart reads at a glance; {@link #textBoxes} is how tests check that.
 */
public final class SvgChart {
    static final int W = 760;
    static final int H = 320;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int BOTTOM = 52;
    private static final int FONT = 11;

    /** How a series is drawn. */
    public enum Style {
        SOLID, DASHED
    }

    /**
     * One series: its name (with no unit: the axis says it), colour, style, its points, and optional labels
     * per point ("L3"; null entries for none).
     */
    public record Series(String name, String colour, Style style, double[] x, double[] y, String[] labels) {
        public Series(String name, String colour, double[] x, double[] y) {
            this(name, colour, Style.SOLID, x, y, null);
        }
    }

    /** A horizontal line at {@code y} (an SLO), or a vertical one at {@code x} (a capacity), with its label. */
    public record Line(double value, String label, String colour) {
    }

    /** What to draw. {@code categories}, when given, name the x positions 0, 1, 2, ... and replace numeric ticks. */
    public record Spec(String xTitle, String yTitle, String[] categories, List<Series> series, List<Line> thresholds,
            List<Line> markers) {
    }

    private SvgChart() {
    }

    /** The chart as an {@code <svg>} element. */
    public static String render(Spec spec) {
        Scale x = xScale(spec);
        Scale y = yScale(spec);
        Canvas c = new Canvas();
        c.out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">", W, H, W, H));
        c.out.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>", W, H));
        // axes
        c.out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT,
                bottom(), W - RIGHT, bottom()));
        c.out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", LEFT,
                top(), LEFT, bottom()));
        legend(c, spec.series());
        for (double t : y.ticks) {
            double py = y.pixelY(t);
            c.out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    LEFT + 1, py, W - RIGHT, py));
            c.text(LEFT - 6, py + 4, FONT - 1, "end", "#444", y.format(t), true);
        }
        if (spec.categories() != null) {
            int n = spec.categories().length;
            for (int i = 0; i < n; i++) {
                c.text(x.pixelX(i), bottom() + 15, FONT - 1, "middle", "#444", spec.categories()[i], false);
            }
        } else {
            for (double t : x.ticks) {
                c.text(x.pixelX(t), bottom() + 15, FONT - 1, "middle", "#444", x.format(t), true);
            }
        }
        c.text((LEFT + W - RIGHT) / 2.0, H - 12, FONT, "middle", "#222", spec.xTitle(), true);
        // the y title, turned: its box is the rotated one
        double cy = (top() + bottom()) / 2.0;
        c.out.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"middle\" "
                + "fill=\"#222\" transform=\"rotate(-90 14 %.1f)\">%s</text>", cy, FONT, cy, esc(spec.yTitle())));
        c.boxes.add(new Box(14 - FONT / 2.0 - 2, cy - width(spec.yTitle(), FONT) / 2, FONT + 4,
                width(spec.yTitle(), FONT)));
        for (Line t : spec.thresholds()) {
            if (t.value() >= y.min && t.value() <= y.max) {
                double py = y.pixelY(t.value());
                c.out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
                        + "stroke-dasharray=\"5 4\"/>", LEFT, py, W - RIGHT, py, t.colour()));
            }
        }
        for (Line m : spec.markers()) {
            if (m.value() >= x.min && m.value() <= x.max) {
                double px = x.pixelX(m.value());
                c.out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-dasharray=\"3 3\"/>", px, top(), px, bottom(), m.colour()));
            }
        }
        for (Series s : spec.series()) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isNaN(s.y()[i])) {
                    continue;
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.pixelX(s.x()[i]), y.pixelY(s.y()[i])));
            }
            c.out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s "
                    + "points=\"%s\"/>", s.colour(), s.style() == Style.DASHED ? "2.5" : "2",
                    s.style() == Style.DASHED ? " stroke-dasharray=\"7 4\"" : "", points.toString().trim()));
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isNaN(s.y()[i])) {
                    continue;
                }
                double px = x.pixelX(s.x()[i]);
                double py = y.pixelY(s.y()[i]);
                c.out.append(s.style() == Style.DASHED
                        ? String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"#fff\" "
                                + "stroke=\"%s\" stroke-width=\"1.5\"/>", px - 3.5, py - 3.5, s.colour())
                        : String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px, py,
                                s.colour()));
                c.boxes.add(new Box(px - 3.5, py - 3.5, 7, 7)); // labels keep off the points
            }
        }
        // Labels last, where they overlap nothing already drawn (points included).
        for (Line t : spec.thresholds()) {
            if (t.value() >= y.min && t.value() <= y.max) {
                double py = y.pixelY(t.value());
                c.place(new double[][] {{W - RIGHT - 4, py - 4, 1}, {W - RIGHT - 4, py + 13, 1}, {LEFT + 6, py - 4, 0},
                    {LEFT + 6, py + 13, 0}, {(LEFT + W - RIGHT) / 2.0, py - 4, 2}, {(LEFT + W - RIGHT) / 2.0, py + 13, 2}},
                        FONT - 1, t.colour(), t.label());
            } else {
                c.place(new double[][] {{W - RIGHT - 4, top() + 12, 1}, {W - RIGHT - 4, top() + 26, 1}}, FONT - 1,
                        t.colour(), t.label() + " (above the chart)");
            }
        }
        for (Line m : spec.markers()) {
            if (m.value() < x.min || m.value() > x.max) {
                continue;
            }
            double px = x.pixelX(m.value());
            double[][] spots = new double[8][];
            for (int i = 0; i < 4; i++) {
                spots[2 * i] = new double[] {px + 4, top() + 12 + 14 * i, 0};
                spots[2 * i + 1] = new double[] {px - 4, top() + 12 + 14 * i, 1};
            }
            c.place(spots, FONT - 1, m.colour(), m.label());
        }
        for (Series s : spec.series()) {
            if (s.labels() == null) {
                continue;
            }
            for (int i = 0; i < s.x().length; i++) {
                if (s.labels()[i] == null || Double.isNaN(s.y()[i])) {
                    continue;
                }
                double px = x.pixelX(s.x()[i]);
                double py = y.pixelY(s.y()[i]);
                c.place(new double[][] {{px, py - 7, 2}, {px, py + 16, 2}, {px + 6, py + 4, 0}, {px - 6, py + 4, 1},
                    {px + 6, py - 8, 0}, {px - 6, py - 8, 1}, {px + 6, py + 16, 0}, {px - 6, py + 16, 1}},
                        FONT - 2, s.colour(), s.labels()[i]);
            }
        }
        c.out.append("</svg>");
        return c.out.toString();
    }

    /** Legend across the top: a swatch (line or square, as the series is drawn) and the name, wrapping. */
    private static void legend(Canvas c, List<Series> series) {
        double x = LEFT;
        double y = 14;
        for (Series s : series) {
            double w = 26 + width(s.name(), FONT) + 14;
            if (x + w > W - RIGHT) {
                x = LEFT;
                y += 16;
            }
            c.out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"3\"%s/>", x, y - 4, x + 20, y - 4, s.colour(),
                    s.style() == Style.DASHED ? " stroke-dasharray=\"5 3\"" : ""));
            c.boxes.add(new Box(x, y - 8, 20, 8));
            c.text(x + 24, y, FONT, "start", "#222", s.name(), true);
            x += w;
        }
        c.legendBottom = y + 6;
    }

    private static int top() {
        return 44;
    }

    private static int bottom() {
        return H - BOTTOM;
    }

    /** The estimated width of a text (no font metrics in a self-contained page: a generous average). */
    static double width(String text, double fontSize) {
        return text.length() * fontSize * 0.6;
    }

    /** Where texts and points went, to keep new texts off them. */
    private static final class Canvas {
        final StringBuilder out = new StringBuilder();
        final List<Box> boxes = new ArrayList<>();
        double legendBottom;

        /** A text placed where asked; with {@code force} even if it overlaps (axes' own texts). */
        boolean text(double x, double y, int size, String anchor, String colour, String text, boolean force) {
            Box b = Box.of(x, y, size, anchor, text);
            if (!force && overlaps(b)) {
                return false;
            }
            boxes.add(b);
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" "
                    + "fill=\"%s\">%s</text>", x, y, size, anchor, colour, esc(text)));
            return true;
        }

        /** The first of the spots ({x, y, anchor 0 start / 1 end / 2 middle}) where the text overlaps nothing. */
        void place(double[][] spots, int size, String colour, String text) {
            for (double[] s : spots) {
                String anchor = s[2] == 0 ? "start" : s[2] == 1 ? "end" : "middle";
                Box b = Box.of(s[0], s[1], size, anchor, text);
                if (b.x >= 0 && b.x + b.w <= W && b.y >= legendBottom && b.y + b.h <= H && !overlaps(b)) {
                    text(s[0], s[1], size, anchor, colour, text, true);
                    return;
                }
            }
        }

        private boolean overlaps(Box b) {
            for (Box o : boxes) {
                if (o.intersects(b)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A text's or a mark's box, top-left corner, width and height. */
    record Box(double x, double y, double w, double h) {
        static Box of(double x, double baseline, double size, String anchor, String text) {
            double w = width(text, size);
            double left = switch (anchor) {
                case "end" -> x - w;
                case "middle" -> x - w / 2;
                default -> x;
            };
            return new Box(left, baseline - size, w, size + 2);
        }

        boolean intersects(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }
    }

    /** An axis: its range, round ticks, and pixels. */
    private static class Scale {
        final double min;
        final double max;
        final List<Double> ticks;
        final double step;

        Scale(double lo, double hi, boolean fromZero) {
            if (fromZero) {
                lo = Math.min(0, lo);
            }
            if (hi <= lo) {
                hi = lo + 1;
            }
            step = niceStep((hi - lo) / 5);
            min = fromZero ? lo : Math.floor(lo / step) * step;
            max = Math.ceil(hi / step) * step;
            ticks = new ArrayList<>();
            for (double t = min; t <= max + step / 2; t += step) {
                ticks.add(Math.abs(t) < step / 1e6 ? 0 : t);
            }
        }

        double pixelX(double v) {
            return LEFT + 14 + (v - min) / (max - min) * (W - RIGHT - LEFT - 28);
        }

        double pixelY(double v) {
            return bottom() - (v - min) / (max - min) * (bottom() - top());
        }

        String format(double v) {
            return step >= 1 ? String.format(Locale.ROOT, "%.0f", v) : step >= 0.1
                    ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0 || Double.isNaN(raw)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }

    private static Scale xScale(Spec spec) {
        if (spec.categories() != null) {
            return categorical(spec.categories().length);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : spec.series()) {
            for (double v : s.x()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (Line m : spec.markers()) {
            lo = Math.min(lo, m.value());
            hi = Math.max(hi, m.value());
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0;
            hi = 1;
        }
        double pad = Math.max((hi - lo) * 0.05, hi == lo ? Math.max(1, Math.abs(hi) * 0.1) : 0);
        return new Scale(lo - pad, hi + pad, false);
    }

    /** Positions 0 .. n-1, a little room at both ends. */
    private static Scale categorical(int n) {
        return new Scale(-0.4, Math.max(0.4, n - 0.6), false) {
            @Override
            double pixelX(double v) {
                double lo = -0.4;
                double hi = Math.max(0.4, n - 0.6);
                return LEFT + (v - lo) / (hi - lo) * (W - RIGHT - LEFT);
            }
        };
    }

    private static Scale yScale(Spec spec) {
        double hi = 0;
        for (Series s : spec.series()) {
            for (double v : s.y()) {
                if (!Double.isNaN(v)) {
                    hi = Math.max(hi, v);
                }
            }
        }
        for (Line t : spec.thresholds()) {
            if (t.value() <= Math.max(hi, 1e-9) * 1.5) {
                hi = Math.max(hi, t.value()); // a threshold far above the data is named, not drawn
            }
        }
        return new Scale(0, hi <= 0 ? 1 : hi * 1.08, true);
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
