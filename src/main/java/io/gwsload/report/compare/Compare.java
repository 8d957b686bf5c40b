package io.gwsload.report.compare;

import io.gwsload.report.run.RunData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The regression gate: a run against a baseline run, request name by request name, as a table for the
 * terminal and as Markdown (a CI job summary, a pull-request comment), and an exit code CI can use.
 *
 * <p>The rule, chosen for a noisy shared 2-core machine. A latency percentile (p50, p90, p99) regresses only
 * when all three hold:
 * <ol>
 * <li>it rose by more than its relative tolerance (e.g. +25 %),</li>
 * <li>and by more than its absolute floor (e.g. +2 ms): a 0.3 → 0.5 ms "+66 %" is noise, not news;</li>
 * <li>and the whole distribution moved: a one-sided two-sample Kolmogorov-Smirnov test on the two runs'
 *     full HdrHistograms (every OK sample, not one percentile) finds the current run slower at
 *     significance {@code alpha} (D+ above sqrt(-ln(alpha)/2 · (n+m)/(n·m))). A single slow second of a
 *     shared machine moves a p99 but not the distribution.</li>
 * </ol>
 * The KO rate regresses when it rose by more than its tolerance in percentage points and by at least a few
 * KO; throughput when OK/s fell by more than its tolerance. Latency is judged for operations (the Notified
 * and HTTP timings), not for waits, whose length is set by the simulated customers.
 */
public final class Compare {
    /** A verdict of one metric. */
    public enum Verdict {
        OK("ok"), REGRESSION("REGRESSION"), BETTER("better"), NOT_JUDGED("-");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One line of the table. */
    public record Row(String request, String metric, String baseline, String current, String change, Verdict verdict,
            String why) {
    }

    /**
     * The whole comparison; {@code notes} say what may make it unfair (the baseline recorded on another machine,
     * Java or collector).
     */
    public record Result(String baseline, String current, List<Row> rows, List<String> notes) {
        public Result(String baseline, String current, List<Row> rows) {
            this(baseline, current, rows, List.of());
        }

        Result withNotes(List<String> more) {
            return new Result(baseline, current, rows, more);
        }

        public boolean regression() {
            return rows.stream().anyMatch(r -> r.verdict() == Verdict.REGRESSION);
        }

        public long regressions() {
            return rows.stream().filter(r -> r.verdict() == Verdict.REGRESSION).count();
        }

        public String headline() {
            return regression() ? "REGRESSION: " + regressions() + " metric(s) worse than the baseline beyond tolerance"
                    : "no regression against the baseline";
        }

        public String terminal() {
            return table() + "gws-load gate: " + (regression() ? "FAIL, " : "PASS, ") + headline() + '\n';
        }

        /** The table and its notes, without the verdict line. */
        String table() {
            int width = 8;
            for (Row r : rows) {
                width = Math.max(width, r.request().length());
            }
            StringBuilder sb = new StringBuilder();
            sb.append("gws-load compare: ").append(current).append(" against baseline ").append(baseline).append('\n');
            String format = "%-" + width + "s %-10s %12s %12s %16s  %-10s %s%n";
            sb.append(String.format(Locale.ROOT, format, "request", "metric", "baseline", "current", "change", "verdict",
                    "why"));
            for (Row r : rows) {
                sb.append(String.format(Locale.ROOT, format, r.request(), r.metric(), r.baseline(), r.current(),
                        r.change(), r.verdict().label(), r.why()));
            }
            for (String note : notes) {
                sb.append("note: ").append(note).append('\n');
            }
            return sb.toString();
        }

        public String markdown() {
            StringBuilder sb = new StringBuilder();
            sb.append("### gws-load: ").append(regression() ? ":x: " : ":white_check_mark: ").append(headline())
                    .append("\n\n");
            sb.append("Current `").append(current).append("` against baseline `").append(baseline).append("`.\n\n");
            for (String note : notes) {
                sb.append("> **Note:** ").append(note).append("\n\n");
            }
            sb.append("| request | metric | baseline | current | change | verdict | why |\n");
            sb.append("|---|---|---:|---:|---:|---|---|\n");
            for (Row r : rows) {
                sb.append("| ").append(r.request().replace("|", "\\|")).append(" | ").append(r.metric()).append(" | ")
                        .append(r.baseline()).append(" | ").append(r.current()).append(" | ").append(r.change())
                        .append(" | ").append(r.verdict() == Verdict.REGRESSION ? "**REGRESSION**" : r.verdict().label())
                        .append(" | ").append(r.why()).append(" |\n");
            }
            return sb.toString();
        }
    }

    private Compare() {
    }

    /**
     * The baseline against several runs of the same code (a gate that confirms): a metric is a regression only
     * if it regresses in every run. The table is the last run's, with unconfirmed regressions shown as ok and
     * said so. On a shared machine one run can be slow as a whole; two in a row rarely are.
     */
    public static Result confirm(RunData baseline, List<RunData> currents, Tolerances t) {
        Result last = null;
        java.util.Set<String> everywhere = null;
        for (RunData current : currents) {
            Result r = compare(baseline, current, t);
            java.util.Set<String> found = new java.util.HashSet<>();
            for (Row row : r.rows()) {
                if (row.verdict() == Verdict.REGRESSION) {
                    found.add(row.request() + "\u0000" + row.metric());
                }
            }
            if (everywhere == null) {
                everywhere = found;
            } else {
                everywhere.retainAll(found);
            }
            last = r;
        }
        if (currents.size() == 1) {
            return last;
        }
        List<Row> rows = new ArrayList<>();
        for (Row row : last.rows()) {
            boolean confirmed = everywhere.contains(row.request() + "\u0000" + row.metric());
            rows.add(row.verdict() == Verdict.REGRESSION && !confirmed
                    ? new Row(row.request(), row.metric(), row.baseline(), row.current(), row.change(), Verdict.OK,
                            "not confirmed by the other run(s): noise") : row);
        }
        return new Result(last.baseline(), last.current() + " (+" + (currents.size() - 1) + " earlier run(s))", rows);
    }

    public static Result compare(RunData baseline, RunData current, Tolerances t) {
        List<Row> rows = new ArrayList<>();
        Map<String, Map<String, Object>> base = baseline.requests();
        Map<String, Map<String, Object>> cur = current.requests();
        for (Map.Entry<String, Map<String, Object>> e : base.entrySet()) {
            String name = e.getKey();
            Map<String, Object> b = e.getValue();
            Map<String, Object> c = cur.get(name);
            if (c == null) {
                rows.add(new Row(name, "requests", count(b) + "", "0", "gone", Verdict.NOT_JUDGED,
                        "not in the current run"));
                continue;
            }
            if (judgesLatency(b, name)) {
                latency(rows, name, baseline.histograms().get(name), current.histograms().get(name), t);
            }
            koRate(rows, name, b, c, t);
            throughput(rows, name, b, c, baseline.durationSeconds(), current.durationSeconds(), t);
        }
        for (String name : cur.keySet()) {
            if (!base.containsKey(name)) {
                rows.add(new Row(name, "requests", "0", count(cur.get(name)) + "", "new", Verdict.NOT_JUDGED,
                        "not in the baseline"));
            }
        }
        return new Result(baseline.folder().getFileName().toString(), current.folder().getFileName().toString(), rows);
    }

    /** Operations (Notified and HTTP timings) have latencies worth judging; waits and rendezvous do not. */
    private static boolean judgesLatency(Map<String, Object> request, String name) {
        return name.endsWith(" HTTP") || request.get("completedBy") instanceof Map<?, ?> m && !m.isEmpty();
    }

    private static void latency(List<Row> rows, String name, Histogram b, Histogram c, Tolerances t) {
        long n = b == null ? 0 : b.getTotalCount();
        long m = c == null ? 0 : c.getTotalCount();
        double minSamples = Math.max(1, t.get(name, "minSamples"));
        if (n < minSamples || m < minSamples) {
            rows.add(new Row(name, "latency", n + " OK", m + " OK", "", Verdict.NOT_JUDGED,
                    "fewer than " + (long) minSamples + " OK samples"));
            return;
        }
        double alpha = t.get(name, "alpha");
        double slower = ksSlower(b, c);
        double faster = ksSlower(c, b);
        double critical = Math.sqrt(-Math.log(alpha) / 2) * Math.sqrt((double) (n + m) / ((double) n * m));
        for (String metric : List.of("p50", "p90", "p99")) {
            double p = Double.parseDouble(metric.substring(1));
            double before = b.getValueAtPercentile(p) / 1000.0;
            double after = c.getValueAtPercentile(p) / 1000.0;
            double delta = after - before;
            double relative = before > 0 ? delta / before : 0;
            double tolRelative = t.get(name, metric + ".relative");
            double tolAbsolute = t.get(name, metric + ".absoluteMs");
            Verdict verdict;
            String why;
            if (delta > tolAbsolute && relative > tolRelative) {
                if (slower > critical) {
                    verdict = Verdict.REGRESSION;
                    why = String.format(Locale.ROOT, "over +%.0f%% and +%s ms; KS D+=%.2f > %.2f", tolRelative * 100,
                            number(tolAbsolute), slower, critical);
                } else {
                    verdict = Verdict.OK;
                    why = String.format(Locale.ROOT, "beyond tolerance but KS D+=%.2f <= %.2f: noise", slower, critical);
                }
            } else if (-delta > tolAbsolute && -relative > tolRelative && faster > critical) {
                verdict = Verdict.BETTER;
                why = "";
            } else {
                verdict = Verdict.OK;
                why = "";
            }
            rows.add(new Row(name, metric, ms(before), ms(after), change(delta, relative), verdict, why));
        }
    }

    /**
     * One-sided Kolmogorov-Smirnov statistic D+ = max over x of (F_a(x) - F_b(x)): how far the second run's
     * distribution lies to the right (slower) of the first's, from the full histograms.
     */
    static double ksSlower(Histogram a, Histogram b) {
        Histogram both = a.copy();
        both.add(b);
        double na = a.getTotalCount();
        double nb = b.getTotalCount();
        double max = 0;
        long cumulativeA = 0;
        long cumulativeB = 0;
        long previous = -1;
        for (HistogramIterationValue v : both.recordedValues()) {
            long upTo = v.getValueIteratedTo();
            cumulativeA += a.getCountBetweenValues(previous + 1, upTo);
            cumulativeB += b.getCountBetweenValues(previous + 1, upTo);
            previous = upTo;
            max = Math.max(max, cumulativeA / na - cumulativeB / nb);
        }
        return max;
    }

    private static void koRate(List<Row> rows, String name, Map<String, Object> b, Map<String, Object> c,
            Tolerances t) {
        long bn = count(b);
        long cn = count(c);
        long bko = ((Number) b.get("ko")).longValue();
        long cko = ((Number) c.get("ko")).longValue();
        double before = bn == 0 ? 0 : 100.0 * bko / bn;
        double after = cn == 0 ? 0 : 100.0 * cko / cn;
        double points = t.get(name, "koRate.points");
        double excessKo = cko - before / 100.0 * cn;
        boolean worse = after - before > points && excessKo >= t.get(name, "koRate.minKo");
        rows.add(new Row(name, "KO %", pct(before) + " (" + bko + ")", pct(after) + " (" + cko + ")",
                String.format(Locale.ROOT, "%+.2f pt", after - before), worse ? Verdict.REGRESSION : Verdict.OK,
                worse ? "over +" + number(points) + " pt" : ""));
    }

    private static void throughput(List<Row> rows, String name, Map<String, Object> b, Map<String, Object> c,
            double baseSeconds, double curSeconds, Tolerances t) {
        long bok = ((Number) b.get("ok")).longValue();
        long cok = ((Number) c.get("ok")).longValue();
        double minSamples = t.get(name, "minSamples");
        if (bok < minSamples || cok < minSamples) {
            return;
        }
        double before = bok / Math.max(0.001, baseSeconds);
        double after = cok / Math.max(0.001, curSeconds);
        double relative = (after - before) / before;
        double tolerance = t.get(name, "throughput.relative");
        boolean worse = tolerance > 0 && -relative > tolerance;
        rows.add(new Row(name, "OK/s", String.format(Locale.ROOT, "%.1f", before),
                String.format(Locale.ROOT, "%.1f", after), String.format(Locale.ROOT, "%+.0f%%", relative * 100),
                worse ? Verdict.REGRESSION : tolerance > 0 ? Verdict.OK : Verdict.NOT_JUDGED,
                worse ? "below -" + number(tolerance * 100) + "%" : tolerance > 0 ? "" : "not judged (throughput.relative)"));
    }

    private static long count(Map<String, Object> request) {
        return ((Number) request.get("count")).longValue();
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.2f ms", value);
    }

    private static String pct(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    private static String change(double delta, double relative) {
        return String.format(Locale.ROOT, "%+.2f ms %+.0f%%", delta, relative * 100);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * {@code Compare <baseline> <current run, or a folder of this job's runs> [--runs N] [--tolerances FILE]
     * [--markdown FILE] [--confirm-file FILE]}: prints the table and, last, the verdict; exit 0 without regression,
     * 1 with one, 2 when the arguments or the runs cannot be used (one sentence, no stack trace). The tolerances are
     * the baseline's own ({@code tolerances.properties} in its folder) unless {@code --tolerances} names others.
     *
     * <p>{@code --confirm-file} is for a gate that runs the simulation again only when it must: it writes
     * {@value #CONFIRM_SKIP}{@code =true} to the file when these runs already pass (a metric regresses only when
     * every run shows it, so another run cannot make them fail), {@code false} when they regress, and then exits 0:
     * the verdict belongs to the comparison that includes the confirming run.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The property {@code --confirm-file} writes: Maven reads it to skip the confirming run and comparison. */
    public static final String CONFIRM_SKIP = "gate.confirm.skip";

    static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        List<String> positional = new ArrayList<>();
        Path tolerances = null;
        Path markdown = null;
        Path confirmFile = null;
        int runs = 1;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--tolerances" -> tolerances = Path.of(value(args, ++i, "--tolerances"));
                    case "--markdown" -> markdown = Path.of(value(args, ++i, "--markdown"));
                    case "--confirm-file" -> confirmFile = Path.of(value(args, ++i, "--confirm-file"));
                    case "--runs" -> runs = Integer.parseInt(value(args, ++i, "--runs"));
                    case "-h", "--help" -> {
                        out.println("usage: Compare <baseline run folder> <current run folder, or results/ for the newest"
                                + " run(s) of the baseline's simulation> [--runs N] [--tolerances FILE] [--markdown FILE]"
                                + " [--confirm-file FILE]");
                        return 0;
                    }
                    default -> positional.add(args[i]);
                }
            }
            if (positional.size() != 2) {
                throw new IllegalArgumentException("Compare takes a baseline run folder and a current one, e.g. "
                        + "results/baselines/RegressionSimulation results/latest.");
            }
            RunData baseline = RunData.load(Path.of(positional.get(0)));
            Path given = Path.of(positional.get(1));
            if (confirmFile != null && !Files.exists(given)) {
                // mvn verify's gate, after a regression run that did not happen: say why, not just what is missing.
                throw new IllegalArgumentException("the regression gate has no run to judge: " + given + " does not exist"
                        + " (the regression simulation did not run; -Dgatling.skip=true skips it, -Dgate.skip=true"
                        + " skips the whole gate).");
            }
            // A results folder (not a run): its newest run(s) of the baseline's simulation.
            List<RunData> currents = Files.isDirectory(given) && !Files.exists(given.resolve("summary.json"))
                    ? RunData.newest(given, baseline.simulation(), runs) : List.of(RunData.load(given));
            for (RunData current : currents) {
                if (!baseline.simulation().equals(current.simulation())) {
                    throw new IllegalArgumentException("The baseline is a run of " + baseline.simulation()
                            + " and the current run of " + current.simulation() + ": compare runs of one simulation.");
                }
            }
            if (tolerances == null && Files.isRegularFile(baseline.folder().resolve(Tolerances.FILE))) {
                tolerances = baseline.folder().resolve(Tolerances.FILE); // they travel with the baseline
            }
            Result result = confirm(baseline, currents, tolerances == null ? Tolerances.defaults()
                    : Tolerances.load(tolerances)).withNotes(machineNotes(baseline, currents.get(currents.size() - 1)));
            boolean undecided = confirmFile != null && result.regression();
            out.print(undecided ? result.table() + "gws-load gate: not decided yet, " + result.regressions()
                    + " metric(s) regressed in this run: a regression counts only when every run shows it, and another"
                    + " run follows.\n" : result.terminal());
            if (markdown != null && !undecided) { // the comparison with the confirming run writes it
                Files.writeString(markdown, result.markdown());
            }
            if (confirmFile != null) {
                Files.writeString(confirmFile, "# gws-load compare: true when no further run can change the verdict\n"
                        + CONFIRM_SKIP + "=" + !result.regression() + "\n");
            }
            return result.regression() && confirmFile == null ? 1 : 0;
        } catch (NumberFormatException e) {
            err.println("gws-load compare: --runs takes a whole number.");
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            err.println("gws-load compare: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            // Never 1 (which means "regression") for a run that could not be read.
            err.println("gws-load compare: the runs could not be compared: " + e);
            return 2;
        }
    }

    /**
     * What differs between the machine that recorded the baseline and this run's: cores, Java, the collector
     * of the generator's JVM. The gate's tolerances are for noise on one machine, not for another machine.
     */
    static List<String> machineNotes(RunData baseline, RunData current) {
        List<String> notes = new ArrayList<>();
        Map<?, ?> b = baseline.summary().get("configuration") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> c = current.summary().get("configuration") instanceof Map<?, ?> m ? m : Map.of();
        for (String key : List.of("cores", "java", "gc")) {
            Object was = b.get(key);
            Object now = c.get(key);
            if (was != null && now != null && !sameSetting(key, String.valueOf(was), String.valueOf(now))) {
                notes.add("the baseline was recorded with " + key + " " + was + ", this run has " + now
                        + ": re-record the baseline on this machine (README, Regression gate) before trusting a verdict");
            }
        }
        return notes;
    }

    /** Equal, or for {@code java} the same version where one of the two summaries predates the VM's name in it. */
    private static boolean sameSetting(String key, String was, String now) {
        if (key.equals("java") && (was.indexOf(" (") < 0) != (now.indexOf(" (") < 0)) {
            return versionOnly(was).equals(versionOnly(now));
        }
        return was.equals(now);
    }

    private static String versionOnly(String java) {
        int vm = java.indexOf(" (");
        return vm < 0 ? java : java.substring(0, vm);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a file name.");
        }
        return args[i];
    }
}
