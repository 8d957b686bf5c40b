package io.gwsload.report.chart;

import io.gwsload.report.capacity.CapacityAnalysis;
import io.gwsload.report.capacity.CapacityHtml;
import io.gwsload.report.capacity.CapacityLevels;
import io.gwsload.report.capacity.CapacityResult;
import io.gwsload.report.compare.Trends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The charts read at a glance: every {@code <svg>} of the capacity page and the trends page is well-formed XML,
 * has both axis titles with units, ticks at round values, a swatch per legend entry, and no two texts overlapping;
 * the capacity chart names its levels on the points and marks the capacity found and the configured one.
 */
class ChartsReadTest {
    private static final Pattern SVG = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL);

    @Test
    void theCapacityPagesChartsReadAtAGlance() throws Exception {
        CapacityLevels plan = CapacityLevels.of(300, 25, 7, Duration.ofSeconds(6))
                .judgedOn("*", Duration.ofMillis(100), 1.0);
        CapacityAnalysis a = new CapacityAnalysis(plan);
        long[] p99 = {21_000, 19_000, 22_000, 30_000, 260_000, 265_000, 268_000};
        double[] achieved = {300, 325, 350, 400, 400, 400, 400};
        for (int level = 0; level < 7; level++) {
            Histogram h = new Histogram(3);
            h.recordValueWithCount(p99[level] / 2, (long) (achieved[level] * 5 * 0.98));
            h.recordValueWithCount(p99[level], (long) (achieved[level] * 5 * 0.02));
            a.add(level, "Ready", h, level >= 5 ? 300 : 0);
            a.measured(level, 5, 5_000, 0);
        }
        CapacityResult r = a.result(0);
        Map<String, Object> truth = Map.of("capacity", Map.of("configuredPerSecond", 400.0, "workers", 4,
                "serviceTime", "fixed:10", "queueLimit", 100, "overload", "503"));
        String html = CapacityHtml.render("CapacitySimulation-test", r, Map.of("versions", Map.of("gatling", "3.15.1"),
                "simulator", Map.of("port", "any free port", "knobs", Map.of("workers", 4))), truth);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "charts-capacity.html"), html);
        List<String> charts = charts(html);
        assertEquals(3, charts.size());
        charts.forEach(ChartsReadTest::readsAtAGlance);
        String latency = charts.get(0);
        assertTrue(latency.contains("capacity found 375/s") && latency.contains("configured 400/s"), latency);
        assertTrue(texts(latency).stream().filter(t -> t.matches("L[1-7]")).count() >= 5,
                "the levels are named on the points: " + texts(latency));
        assertTrue(texts(latency).contains("achieved throughput (OK operations/s)") && texts(latency)
                .contains("latency (ms)"));
        assertTrue(!html.contains("SimulatorConfig{") && html.contains("any free port") && html.contains("3.15.1"),
                "the settings read as a table of values");
    }

    @Test
    void theTrendsPagesChartsReadAtAGlance() throws Exception {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            runs.add(Map.of("run", "RegressionSimulation-202612" + String.format("%02d", i + 1) + "-073000",
                    "start", "2026-12-05T07:30:0" + (i % 10) + "Z", "durationSeconds", 5.6,
                    "accounting", Map.of("sent", 100, "ok", 100, "ko", 0, "pending", 0),
                    "requests", List.of(request("Accept", 100, 6_000 + 100 * i, 30_000 + 500 * i),
                            request("Login session", 4, 150_000, 300_000))));
        }
        String html = Trends.render("RegressionSimulation", runs, runs.get(0));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "charts-trends.html"), html);
        List<String> charts = charts(html);
        assertEquals(3, charts.size(), "latency, throughput and KO apart; the 4-sample login not charted");
        charts.forEach(ChartsReadTest::readsAtAGlance);
        assertTrue(html.contains("Not charted") && html.contains("Login session (4 OK per run)"));
        assertTrue(texts(charts.get(0)).containsAll(List.of("#1", "#12")), "one x position per run, numbered");
        assertTrue(html.contains("<td>#12</td>"), "the runs table carries the same numbers");
    }

    private static Map<String, Object> request(String name, long ok, long p50, long p99) {
        return Map.of("name", name, "count", ok, "ok", ok, "ko", 0, "p50Us", p50, "p99Us", p99, "okPerSecond",
                ok / 5.0, "completedBy", Map.of("effect", ok));
    }

    private static List<String> charts(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = SVG.matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Well-formed; both axes titled with a unit; round ticks; a swatch per legend entry; no overlapping texts. */
    private static void readsAtAGlance(String svg) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed SVG: " + e.getMessage() + "\n" + svg);
        }
        NodeList texts = doc.getElementsByTagName("text");
        List<SvgChart.Box> boxes = new ArrayList<>();
        List<Double> ticks = new ArrayList<>();
        boolean unitX = false;
        boolean unitY = false;
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            String text = t.getTextContent();
            double x = Double.parseDouble(t.getAttribute("x"));
            double y = Double.parseDouble(t.getAttribute("y"));
            double size = Double.parseDouble(t.getAttribute("font-size"));
            if (t.hasAttribute("transform")) {
                unitY = text.matches(".*\\(.+\\).*");
                boxes.add(new SvgChart.Box(x - size / 2 - 2, y - SvgChart.width(text, size) / 2, size + 4,
                        SvgChart.width(text, size)));
                continue;
            }
            if (y > SvgChart.H - 20) {
                unitX = text.matches(".*\\(.+\\).*");
            }
            if ("end".equals(t.getAttribute("text-anchor")) && x < 64 && text.matches("-?[0-9.]+")) {
                ticks.add(Double.parseDouble(text));
            }
            boxes.add(SvgChart.Box.of(x, y, size, t.getAttribute("text-anchor"), text));
        }
        assertTrue(unitX && unitY, "both axes are titled with their unit:\n" + svg);
        assertTrue(ticks.size() >= 3, "the y axis has ticks: " + ticks);
        double step = ticks.get(1) - ticks.get(0);
        double magnitude = Math.pow(10, Math.floor(Math.log10(step)));
        double mantissa = Math.round(step / magnitude * 1000) / 1000.0;
        assertTrue(mantissa == 1 || mantissa == 2 || mantissa == 5, "round ticks: " + ticks);
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertTrue(!boxes.get(i).intersects(boxes.get(j)), "two texts overlap: '"
                        + texts.item(i).getTextContent() + "' and '" + texts.item(j).getTextContent() + "'\n" + svg);
            }
        }
        // a swatch (a short line) before each legend entry: legend texts sit at the top
        long legend = countTop(texts, 20);
        long swatches = 0;
        NodeList lines = doc.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element l = (Element) lines.item(i);
            if (Double.parseDouble(l.getAttribute("y1")) < 40 && Math.abs(Double.parseDouble(l.getAttribute("x2"))
                    - Double.parseDouble(l.getAttribute("x1")) - 20) < 0.01) {
                swatches++;
            }
        }
        assertEquals(legend, swatches, "a swatch per legend entry");
    }

    private static List<String> texts(String svg) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(">([^<>]+)</text>").matcher(svg);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static long countTop(NodeList texts, double below) {
        long n = 0;
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if (!t.hasAttribute("transform") && Double.parseDouble(t.getAttribute("y")) <= below + 16
                    && "start".equals(t.getAttribute("text-anchor")) && Double.parseDouble(t.getAttribute("y")) < 40) {
                n++;
            }
        }
        return n;
    }
}
