package io.gwsload.collector;

import java.util.EnumMap;
import java.util.Map;

/**
 * The collector's numbers at one moment.
 *
 * @param sent          operations registered
 * @param notifications notifications received
 * @param matchedEarly  notifications that arrived before their operation's HTTP answer and were matched
 * @param followUps     further notifications of an operation after the one that completed it
 * @param duplicates    a notification received again (same content, same referenceId)
 * @param late          notifications for an operation that had already timed out
 * @param unknown       notifications whose referenceId matched no operation of the agent
 * @param lateHttpAnswers HTTP answers read after their operation had already ended
 * @param inboxEvicted  unclaimed notifications pushed out of a full agent inbox
 * @param inboxExpired  unclaimed notifications that aged out of an agent inbox
 * @param waitsUnfilled optional waits (an idle agent waiting for work) that ended with nothing
 * @param sessionLosses CometD sessions lost and re-established
 * @param ambiguous     notifications that showed the effect of more than one waiting operation (the
 *                      oldest took it)
 * @param disagreements an operation's referenceId and its effect disagreed: the notification with the id did
 *                      not show the effect, or the id learnt from the effect differed from the answer's
 * @param invalidReferenceIds notifications whose referenceId was not a non-negative integer
 * @param predicateFailures a completion rule or wait predicate threw; counted as no match
 */
public record AccountingSnapshot(long sent, long[] endedByOutcome, long notifications, long matchedEarly,
        long followUps, long duplicates, long late, long unknown, long lateHttpAnswers, long inboxEvicted,
        long inboxExpired, long waitsStarted, long[] waitsEndedByOutcome, long waitsUnfilled, long sessionLosses,
        long ambiguous, long disagreements, long invalidReferenceIds, long predicateFailures) {

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
        return sent - ok() - ko();
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

    /** One line for progress output and logs. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("operations sent=").append(sent).append(" ok=").append(ok()).append(" ko=").append(ko());
        Map<Outcome, Long> ko = koByReason();
        if (!ko.isEmpty()) {
            sb.append(' ').append(ko.toString().replace("=", ":"));
        }
        sb.append(" pending=").append(pending());
        sb.append(" | notifications=").append(notifications).append(" early=").append(matchedEarly)
                .append(" late=").append(late).append(" duplicate=").append(duplicates)
                .append(" unknown=").append(unknown);
        if (waitsStarted > 0) {
            sb.append(" | waits=").append(waitsStarted).append(" ok=").append(waitsOk()).append(" ko=")
                    .append(waitsKo());
            if (waitsUnfilled > 0) {
                sb.append(" idle=").append(waitsUnfilled);
            }
        }
        if (sessionLosses > 0) {
            sb.append(" | sessions lost=").append(sessionLosses);
        }
        if (ambiguous > 0 || disagreements > 0 || invalidReferenceIds > 0 || predicateFailures > 0) {
            sb.append(" | ambiguous=").append(ambiguous).append(" disagreements=").append(disagreements)
                    .append(" invalid referenceIds=").append(invalidReferenceIds).append(" failed predicates=")
                    .append(predicateFailures);
        }
        return sb.toString();
    }
}
