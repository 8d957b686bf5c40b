package io.gwsload.report;

import java.util.Locale;

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
        AccountingSummary a = summary.accounting();
        sb.append(String.format(Locale.ROOT, "operations: sent %d = ok %d + ko %d%s, pending %d%n", a.sent(), a.ok(),
                a.ko(), a.koByReason().isEmpty() ? "" : " " + a.koByReason(), a.pending()));
        sb.append(String.format(Locale.ROOT, "notifications: %d received, %d before their HTTP answer, %d late, "
                + "%d duplicate, %d unknown referenceId%n", a.notifications(), a.matchedBeforeHttpAnswer(), a.late(),
                a.duplicates(), a.unknown()));
        if (a.waits() > 0) {
            sb.append(String.format(Locale.ROOT, "waits: %d = ok %d + ko %d + idle (optional, nothing came) %d%n",
                    a.waits(), a.waitsOk(), a.waitsKo(), a.waitsIdle()));
        }
        if (a.ambiguousMatches() > 0 || a.disagreements() > 0 || a.invalidReferenceIds() > 0
                || a.failedPredicates() > 0) {
            sb.append(String.format(Locale.ROOT, "correlation: %d ambiguous effect matches (oldest operation took "
                    + "them), %d referenceId/effect disagreements, %d invalid referenceIds, %d failed predicates%n",
                    a.ambiguousMatches(), a.disagreements(), a.invalidReferenceIds(), a.failedPredicates()));
        }
        if (a.sessionLosses() > 0) {
            sb.append(String.format(Locale.ROOT, "CometD sessions lost and re-established: %d%n", a.sessionLosses()));
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
