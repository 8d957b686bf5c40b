package io.gwsload.report.compare;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * How much worse a run may be than its baseline before the gate fails, per metric, with per-request
 * overrides. A properties file; every key is optional. The defaults are set for a shared 2-core machine,
 * where separate short runs of the same code were seen to differ by up to 2× at the median (3 → 6 ms): a
 * +20 ms slower server is caught, a +1 ms one is not; a quieter machine can tighten them.
 *
 * <pre>
 * p50.relative=0.50        # +50 %...
 * p50.absoluteMs=5         # ...and at least +5 ms (both must be exceeded)
 * p90.relative=0.50
 * p90.absoluteMs=10
 * p99.relative=1.00
 * p99.absoluteMs=20
 * koRate.points=1          # KO % may rise by at most 1 percentage point...
 * koRate.minKo=3           # ...and a rise of fewer than 3 KO is never a regression
 * throughput.relative=0.30 # OK/s may fall by at most 30 % (default 0: not judged; in a closed
 *                          # simulation it mirrors latency, in an open one the injection sets it)
 * minSamples=20            # fewer OK samples on either side: reported, not judged
 * alpha=0.01               # significance of the one-sided Kolmogorov-Smirnov test on latencies
 * request.Accept.p99.absoluteMs=20   # an override for one request name
 * request.Accept\ HTTP.p99.absoluteMs=20   # a space in a name is written "\ " (properties syntax)
 * </pre>
 */
public final class Tolerances {
    /** The file name of a baseline's own tolerances, in its folder: the gate loads it by default. */
    public static final String FILE = "tolerances.properties";

    private static final Map<String, Double> DEFAULTS = Map.ofEntries(
            Map.entry("p50.relative", 0.50), Map.entry("p50.absoluteMs", 5.0),
            Map.entry("p90.relative", 0.50), Map.entry("p90.absoluteMs", 10.0),
            Map.entry("p99.relative", 1.00), Map.entry("p99.absoluteMs", 20.0),
            Map.entry("koRate.points", 1.0), Map.entry("koRate.minKo", 3.0),
            Map.entry("throughput.relative", 0.0), Map.entry("minSamples", 20.0), Map.entry("alpha", 0.01));

    private final Properties values;

    private Tolerances(Properties values) {
        this.values = values;
    }

    public static Tolerances defaults() {
        return new Tolerances(new Properties());
    }

    public static Tolerances load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Tolerances file " + file + " cannot be read: " + e.getMessage());
        }
        for (String key : p.stringPropertyNames()) {
            // request.<name>.<key>: the name may hold dots; the key is one of the known ones at the end.
            String metric = key.startsWith("request.") ? DEFAULTS.keySet().stream()
                    .filter(k -> key.endsWith("." + k) && key.length() > "request.".length() + k.length() + 1)
                    .findFirst().orElse(key) : key;
            if (!DEFAULTS.containsKey(metric)) {
                throw new IllegalArgumentException("Tolerances file " + file + ": unknown key '" + key + "'; known: "
                        + new java.util.TreeSet<>(DEFAULTS.keySet()) + " (or request.<name>.<key>; a space in a "
                        + "request name is written '\\ ', e.g. request.Accept\\ HTTP.p99.absoluteMs).");
            }
            double value;
            try {
                value = Double.parseDouble(p.getProperty(key).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Tolerances file " + file + ": '" + key + "' must be a number, got '"
                        + p.getProperty(key) + "'.");
            }
            if (metric.equals("alpha") && !(value > 0 && value < 1) || metric.equals("minSamples") && value < 1
                    || value < 0) {
                throw new IllegalArgumentException("Tolerances file " + file + ": '" + key + "' = " + value
                        + " is out of range (alpha between 0 and 1, minSamples at least 1, the rest at least 0).");
            }
        }
        return new Tolerances(p);
    }

    /** The value for {@code key} (e.g. {@code p99.relative}) of one request name. */
    public double get(String request, String key) {
        String specific = values.getProperty("request." + request + "." + key);
        if (specific != null) {
            return Double.parseDouble(specific.trim());
        }
        String general = values.getProperty(key);
        return general != null ? Double.parseDouble(general.trim()) : DEFAULTS.get(key);
    }
}
