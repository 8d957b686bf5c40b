package io.gwsload.report;

import java.util.LinkedHashMap;
import java.util.Map;

import io.gwsload.collector.AccountingSnapshot;

/**
 * The collector's books as written to {@code summary.json}; {@code sent = ok + ko} and {@code pending = 0} at
 * the end. {@code ambiguousMatches}: notifications that showed the effect of two waiting operations (the
 * oldest took it); {@code disagreements}: a referenceId and an effect that did not agree (see
 * {@link io.gwsload.collector.AccountingSnapshot}).
 */
public record AccountingSummary(long sent, long ok, long ko, Map<String, Long> koByReason, long pending,
        long notifications, long matchedBeforeHttpAnswer, long followUps, long duplicates, long late, long unknown,
        long lateHttpAnswers, long inboxEvicted, long inboxExpired, long waits, long waitsOk, long waitsKo,
        long waitsIdle, long sessionLosses, long ambiguousMatches, long disagreements, long invalidReferenceIds,
        long failedPredicates) {

    static AccountingSummary of(AccountingSnapshot s) {
        Map<String, Long> ko = new LinkedHashMap<>();
        s.koByReason().forEach((outcome, n) -> ko.put(outcome.label(), n));
        return new AccountingSummary(s.sent(), s.ok(), s.ko(), ko, s.pending(), s.notifications(), s.matchedEarly(),
                s.followUps(), s.duplicates(), s.late(), s.unknown(), s.lateHttpAnswers(), s.inboxEvicted(),
                s.inboxExpired(), s.waitsStarted(), s.waitsOk(), s.waitsKo(), s.waitsUnfilled(), s.sessionLosses(),
                s.ambiguous(), s.disagreements(), s.invalidReferenceIds(), s.predicateFailures());
    }
}
