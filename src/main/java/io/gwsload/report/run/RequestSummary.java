package io.gwsload.report.run;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The figures of one request name over a run: counts, KO by reason and by message (at most 20
 * distinct messages, ids grouped), and OK latency percentiles in microseconds (exact to 3 significant
 * digits: HdrHistogram, not Gatling's approximations). {@code completedBy} says how the OK operations of
 * a "Notified" request were recognised: {@code referenceId}, {@code effect}, {@code both} (only the kinds
 * that occurred; empty for HTTP timings and waits); {@code ambiguous} how many of them the collector could not
 * tell from another operation's notification (recorded at the latest candidate's time, or when its hold was cut
 * short).
 */
public record RequestSummary(String name, long count, long ok, long ko, Map<String, Long> koByReason,
        Map<String, Long> koMessages, Map<String, Long> completedBy, long ambiguous, double okPerSecond, long minUs, long p50Us, long p75Us, long p90Us, long p95Us,
        long p99Us, long p999Us, long maxUs, double meanUs, Polled polled) {

    /**
     * Of a timing read by polling: the poll interval, and the earliest each timing can have been (its event came
     * after the poll before the one that read it started), at p50 and p99. The truth lies between the two figures.
     */
    public record Polled(long intervalMs, long lowerP50Us, long lowerP99Us, Long truthP50Us, Long truthP99Us,
            Long outsideBounds) {
        static Polled of(Histogram lower, long intervalMicros, Histogram truth, long outside) {
            if (lower == null || lower.getTotalCount() == 0) {
                return null;
            }
            boolean t = truth != null && truth.getTotalCount() > 0;
            return new Polled(intervalMicros / 1000, pct(lower, 50), pct(lower, 99), t ? pct(truth, 50) : null,
                    t ? pct(truth, 99) : null, t ? outside : null);
        }
    }

    static RequestSummary of(String name, Histogram okLatencies, long ko, Map<String, Long> koByReason,
            Map<String, Long> koMessages, Map<String, Long> completedBy, long ambiguous, double seconds) {
        return of(name, okLatencies, ko, koByReason, koMessages, completedBy, ambiguous, seconds, null);
    }

    static RequestSummary of(String name, Histogram okLatencies, long ko, Map<String, Long> koByReason,
            Map<String, Long> koMessages, Map<String, Long> completedBy, long ambiguous, double seconds,
            Polled polled) {
        long ok = okLatencies.getTotalCount();
        boolean empty = ok == 0;
        return new RequestSummary(name, ok + ko, ok, ko, koByReason, koMessages, completedBy, ambiguous, seconds > 0 ? ok / seconds : 0,
                empty ? 0 : okLatencies.getMinValue(), pct(okLatencies, 50), pct(okLatencies, 75),
                pct(okLatencies, 90), pct(okLatencies, 95), pct(okLatencies, 99), pct(okLatencies, 99.9),
                empty ? 0 : okLatencies.getMaxValue(), empty ? 0 : Math.round(okLatencies.getMean() * 10) / 10.0,
                polled);
    }

    private static long pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
    }
}
