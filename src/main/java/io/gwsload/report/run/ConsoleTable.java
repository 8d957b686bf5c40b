package io.gwsload.report.run;

import java.util.Locale;
import java.util.Map;

/** The end-of-run table printed to the console: one line per request name, times in milliseconds. */
final class ConsoleTable {
    private ConsoleTable() {
    }

    static String render(RunSummary summary) {
        int width = 28;
        for (RequestSummary r : summary.requests()) {
            width = Math.max(width, r.name().length());
        }
        StringBuilder sb = new StringBuilder();
        String rule = "-".repeat(width + 108) + "\n";
        sb.append('\n').append(rule);
        sb.append(String.format(Locale.ROOT, "gws-load summary: %s (%.1f s), latencies of OK requests in ms%n",
                summary.run(), summary.durationSeconds()));
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %8s %8s %8s %9s %9s %9s %9s %9s %8s  %s%n", "request",
                "count", "ok", "ko", "p50", "p95", "p99", "p99.9", "max", "ok/s", "completed by"));
        for (RequestSummary r : summary.requests()) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %8d %8d %8d %9s %9s %9s %9s %9s %8.1f  %s%n",
                    r.name(), r.count(), r.ok(), r.ko(), ms(r, r.p50Us()), ms(r, r.p95Us()), ms(r, r.p99Us()),
                    ms(r, r.p999Us()), ms(r, r.maxUs()), r.okPerSecond(), completedBy(r)));
        }
        sb.append(rule);
        boolean polledShown = false;
        for (RequestSummary r : summary.requests()) {
            if (r.polled() != null) {
                if (!polledShown) {
                    sb.append("read by polling (late by at most one interval; the truth lies between the two):\n");
                    polledShown = true;
                }
                RequestSummary.Polled p = r.polled();
                sb.append(String.format(Locale.ROOT, "  %-" + (width - 2) + "s every %d ms: p50 %s to %s ms, p99 %s "
                        + "to %s ms%s%n", r.name(), p.intervalMs(), ms(r, p.lowerP50Us()), ms(r, r.p50Us()),
                        ms(r, p.lowerP99Us()), ms(r, r.p99Us()), p.truthP50Us() == null ? ""
                                : String.format(Locale.ROOT, "; simulator's truth p50 %s, p99 %s ms, %d outside",
                                        ms(r, p.truthP50Us()), ms(r, p.truthP99Us()), p.outsideBounds())));
            }
        }
        if (polledShown) {
            sb.append(rule);
        }
        int shown = 0;
        for (RequestSummary r : summary.requests()) {
            for (var m : r.koMessages().entrySet()) {
                if (shown++ == 0) {
                    sb.append("KO messages:\n");
                }
                if (shown <= 10) {
                    sb.append(String.format(Locale.ROOT, "  %-" + width + "s %8d  %s%n", r.name(), m.getValue(),
                            m.getKey()));
                }
            }
        }
        if (shown > 10) {
            sb.append("  ... ").append(shown - 10).append(" more in summary.json\n");
        }
        if (shown > 0) {
            sb.append(rule);
        }
        if (summary.waits() != null && !summary.waits().isEmpty()) {
            sb.append("waits (for what the target does not cause; OK ones are not in Gatling's statistics):\n");
            for (RequestSummary w : summary.waits()) {
                sb.append(String.format(Locale.ROOT, "  %-" + (width - 2) + "s %8d %8d %8d %9s %9s %9s%n", w.name(),
                        w.count(), w.ok(), w.ko(), ms(w, w.p50Us()), ms(w, w.p95Us()), ms(w, w.p99Us())));
            }
            sb.append(rule);
        }
        AccountingSummary a = summary.accounting();
        Map<String, Long> t = a.tallies();
        sb.append(String.format(Locale.ROOT, "operations: sent %d%s = ok %d + ko %d%s, pending %d%n", a.sent(),
                a.unsent() > 0 ? " + unsent " + a.unsent() : "", a.ok(), a.ko(),
                a.koByReason().isEmpty() ? "" : " " + a.koByReason(), a.pending()));
        sb.append(String.format(Locale.ROOT, "notifications: %d received, %d before their HTTP answer, %d late, "
                + "%d duplicate, %d unknown referenceId%n", t.get("notifications"), t.get("matchedBeforeHttpAnswer"),
                t.get("late") + t.get("lateWithoutId"), t.get("duplicates") + t.get("duplicatesWithoutId"),
                t.get("unknown")));
        if (a.waits() > 0) {
            sb.append(String.format(Locale.ROOT, "waits: %d = ok %d + ko %d + idle (optional, nothing came) %d%n",
                    a.waits(), a.waitsOk(), a.waitsKo(), t.get("waitsIdle")));
        }
        if (a.audit() != null) {
            sb.append(String.format(Locale.ROOT, "attribution audit (simulator's ground truth): %d completions "
                    + "checked, %d misattributed%s%n", a.audit().checked(), a.audit().misattributed(),
                    a.audit().misattributed() == 0 ? "" : " (" + a.audit().misattributedUnflagged()
                            + " of them not flagged ambiguous)"));
        }
        if (t.get("heldForAttribution") > 0 || t.get("ambiguous") > 0 || t.get("unattributedErrors") > 0) {
            sb.append(String.format(Locale.ROOT, "attribution: %d completions held (content could be another "
                    + "operation's), %d flagged ambiguous (%d of them because their user ended before the hold did), "
                    + "%d Error notifications no one operation could own%n", t.get("heldForAttribution"),
                    t.get("ambiguous"), t.get("heldCutShort"), t.get("unattributedErrors")));
        }
        if (t.get("fifoTies") > 0 || t.get("disagreements") > 0 || t.get("invalidReferenceIds") > 0
                || t.get("failedPredicates") > 0) {
            sb.append(String.format(Locale.ROOT, "correlation: %d first-in-first-out ties (the oldest operation "
                    + "took the notification), %d referenceId/effect disagreements, %d invalid referenceIds, %d "
                    + "failed predicates%n", t.get("fifoTies"), t.get("disagreements"), t.get("invalidReferenceIds"),
                    t.get("failedPredicates")));
        }
        if (t.get("sessionLosses") > 0) {
            sb.append(String.format(Locale.ROOT, "CometD sessions lost and re-established: %d%n", t.get("sessionLosses")));
        }
        sb.append(rule);
        return sb.toString();
    }

    /** "effect 40, both 3": how the OK operations were recognised; blank for HTTP timings and waits. */
    private static String completedBy(RequestSummary r) {
        if (r.completedBy() == null || r.completedBy().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        r.completedBy().forEach((how, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(how).append(' ').append(n));
        return sb.toString();
    }

    private static String ms(RequestSummary r, long micros) {
        return r.ok() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
