package io.gwsload.collector.books;

import io.gwsload.collector.Outcome;

import java.util.EnumMap;
import java.util.Map;

/**
 * The collector's numbers at one moment.
 *
 * @param registered operations registered (each ends exactly once)
 * @param sent       of those, POSTs written
 * @param tallies    the counts of {@link Tally}, by ordinal
 */
public record AccountingSnapshot(long registered, long sent, long[] endedByOutcome, long waitsStarted,
        long[] waitsEndedByOutcome, long[] tallies) {

    public long count(Tally tally) {
        return tallies[tally.ordinal()];
    }

    public long ok() {
        return endedByOutcome[Outcome.OK.ordinal()];
    }

    public long ko() {
        long ko = 0;
        for (Outcome o : Outcome.values()) {
            if (!o.isOk()) {
                ko += endedByOutcome[o.ordinal()];
            }
        }
        return ko;
    }

    /** Operations registered but not yet ended. */
    public long pending() {
        return registered - ok() - ko();
    }

    /**
     * Operations whose POST was not (or not yet) written: the step could not be built, the connection failed
     * first, the run ended. {@code sent + unsent = ok + ko} once nothing is pending.
     */
    public long unsent() {
        return registered - sent;
    }

    /** KO operations by reason, only the reasons that occurred. */
    public Map<Outcome, Long> koByReason() {
        Map<Outcome, Long> map = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            if (!o.isOk() && endedByOutcome[o.ordinal()] > 0) {
                map.put(o, endedByOutcome[o.ordinal()]);
            }
        }
        return map;
    }

    public long waitsOk() {
        return waitsEndedByOutcome[Outcome.OK.ordinal()];
    }

    public long waitsKo() {
        long ko = 0;
        for (Outcome o : Outcome.values()) {
            if (!o.isOk()) {
                ko += waitsEndedByOutcome[o.ordinal()];
            }
        }
        return ko;
    }

    public long notifications() {
        return count(Tally.NOTIFICATIONS);
    }

    public long matchedEarly() {
        return count(Tally.MATCHED_EARLY);
    }

    public long followUps() {
        return count(Tally.FOLLOW_UPS);
    }

    public long duplicates() {
        return count(Tally.DUPLICATES);
    }

    public long late() {
        return count(Tally.LATE);
    }

    public long unknown() {
        return count(Tally.UNKNOWN);
    }

    public long lateHttpAnswers() {
        return count(Tally.LATE_HTTP_ANSWERS);
    }

    public long inboxEvicted() {
        return count(Tally.INBOX_EVICTED);
    }

    public long inboxExpired() {
        return count(Tally.INBOX_EXPIRED);
    }

    public long waitsUnfilled() {
        return count(Tally.WAITS_UNFILLED);
    }

    public long sessionLosses() {
        return count(Tally.SESSION_LOSSES);
    }

    public long ambiguous() {
        return count(Tally.AMBIGUOUS);
    }

    public long fifoTies() {
        return count(Tally.FIFO_TIES);
    }

    public long disagreements() {
        return count(Tally.DISAGREEMENTS);
    }

    public long invalidReferenceIds() {
        return count(Tally.INVALID_REFERENCE_IDS);
    }

    public long predicateFailures() {
        return count(Tally.PREDICATE_FAILURES);
    }

    public long misattributed() {
        return count(Tally.MISATTRIBUTED);
    }

    /** Misattributed completions the collector had not flagged: the audit's target is 0. */
    public long misattributedUnflagged() {
        return count(Tally.MISATTRIBUTED) - count(Tally.MISATTRIBUTED_FLAGGED);
    }

    /** One line for progress output and logs. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("operations sent=").append(sent);
        if (unsent() > 0) {
            sb.append(" unsent=").append(unsent());
        }
        sb.append(" ok=").append(ok()).append(" ko=").append(ko());
        Map<Outcome, Long> ko = koByReason();
        if (!ko.isEmpty()) {
            sb.append(' ').append(ko.toString().replace("=", ":"));
        }
        sb.append(" pending=").append(pending());
        sb.append(" | notifications=").append(notifications()).append(" early=").append(matchedEarly())
                .append(" late=").append(late() + count(Tally.LATE_IDLESS)).append(" duplicate=")
                .append(duplicates() + count(Tally.DUPLICATES_IDLESS)).append(" unknown=").append(unknown());
        if (waitsStarted > 0) {
            sb.append(" | waits=").append(waitsStarted).append(" ok=").append(waitsOk()).append(" ko=")
                    .append(waitsKo());
            if (waitsUnfilled() > 0) {
                sb.append(" idle=").append(waitsUnfilled());
            }
        }
        if (sessionLosses() > 0) {
            sb.append(" | sessions lost=").append(sessionLosses());
        }
        if (count(Tally.AUDIT_CHECKED) > 0) {
            sb.append(" | audit: checked=").append(count(Tally.AUDIT_CHECKED)).append(" misattributed=")
                    .append(misattributed());
            if (misattributed() > 0) {
                sb.append(" (unflagged ").append(misattributedUnflagged()).append(')');
            }
        }
        if (ambiguous() > 0 || count(Tally.UNATTRIBUTED_ERRORS) > 0) {
            sb.append(" | ambiguous=").append(ambiguous()).append(" unattributed errors=")
                    .append(count(Tally.UNATTRIBUTED_ERRORS));
        }
        if (disagreements() > 0 || invalidReferenceIds() > 0 || predicateFailures() > 0) {
            sb.append(" | disagreements=").append(disagreements()).append(" invalid referenceIds=")
                    .append(invalidReferenceIds()).append(" failed predicates=").append(predicateFailures());
        }
        return sb.toString();
    }
}
