package io.gwsload.report.run;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The figures of one request name over a run: counts, KO by reason and by message (at most 20
 * distinct messages, ids grouped), and OK latency percentiles in microseconds (exact to 3 significant
 * digits: HdrHistogram, not Gatling's approximations). {@code completedBy} says how the OK operations of
 * a "Notified" request were recognised: {@code referenceId}, {@code effect}, {@code both} (only the kinds
 * that occurred; empty for HTTP timings and waits); {@code ambiguous} how many of them the collector could not
 * tell from another operation's notification (recorded at the later candidate's time).
 */
public record RequestSummary(String name, long count, long ok, long ko, Map<String, Long> koByReason,
        Map<String, Long> koMessages, Map<String, Long> completedBy, long ambiguous, double okPerSecond, long minUs, long p50Us, long p75Us, long p90Us, long p95Us,
        long p99Us, long p999Us, long maxUs, double meanUs) {

    static RequestSummary of(String name, Histogram okLatencies, long ko, Map<String, Long> koByReason,
            Map<String, Long> koMessages, Map<String, Long> completedBy, long ambiguous, double seconds) {
        long ok = okLatencies.getTotalCount();
        boolean empty = ok == 0;
        return new RequestSummary(name, ok + ko, ok, ko, koByReason, koMessages, completedBy, ambiguous, seconds > 0 ? ok / seconds : 0,
                empty ? 0 : okLatencies.getMinValue(), pct(okLatencies, 50), pct(okLatencies, 75),
                pct(okLatencies, 90), pct(okLatencies, 95), pct(okLatencies, 99), pct(okLatencies, 99.9),
                empty ? 0 : okLatencies.getMaxValue(), empty ? 0 : Math.round(okLatencies.getMean() * 10) / 10.0);
    }

    private static long pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
    }
}
