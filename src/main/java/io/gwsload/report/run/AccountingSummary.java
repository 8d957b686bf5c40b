package io.gwsload.report.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.gwsload.collector.books.AccountingSnapshot;
import io.gwsload.collector.books.Tally;

/**
 * The collector's books as written to {@code summary.json}: {@code sent + unsent = ok + ko} and {@code pending = 0}
 * at the end; then every {@link Tally} under its name (what each counts is in the README and the schema), and
 * the audit against the simulator's ground truth.
 *
 * @param sent  operations whose POST was written
 * @param unsent operations that never were (the step could not be built, the connection failed first)
 * @param audit completions checked against the simulator's stamp (absent on a real GWS, which has none)
 */
@JsonPropertyOrder({"sent", "unsent", "ok", "ko", "koByReason", "pending", "waits", "waitsOk", "waitsKo", "audit"})
public record AccountingSummary(long sent, long unsent, long ok, long ko, Map<String, Long> koByReason, long pending,
        long waits, long waitsOk, long waitsKo, Audit audit, @com.fasterxml.jackson.annotation.JsonIgnore
        Map<String, Long> tallies) {

    /**
     * The attribution audit.
     *
     * @param checked              completions whose notification carried the simulator's stamp
     * @param misattributed        of those, completed by a notification the operation did not cause
     * @param misattributedUnflagged of those, the ones the collector had not flagged ambiguous: the target is 0
     * @param examples             the first misattributed completions, one line each
     */
    public record Audit(long checked, long misattributed, long misattributedUnflagged, List<String> examples) {
    }

    @JsonAnyGetter
    public Map<String, Long> tallyFields() {
        return tallies;
    }

    static AccountingSummary of(AccountingSnapshot s, List<String> misattributions) {
        Map<String, Long> ko = new LinkedHashMap<>();
        s.koByReason().forEach((outcome, n) -> ko.put(outcome.label(), n));
        Map<String, Long> tallies = new LinkedHashMap<>();
        for (Tally t : Tally.values()) {
            if (t != Tally.AUDIT_CHECKED && t != Tally.MISATTRIBUTED && t != Tally.MISATTRIBUTED_FLAGGED) {
                tallies.put(t.key(), s.count(t));
            }
        }
        long checked = s.count(Tally.AUDIT_CHECKED);
        Audit audit = checked == 0 ? null : new Audit(checked, s.misattributed(), s.misattributedUnflagged(),
                misattributions);
        return new AccountingSummary(s.sent(), s.unsent(), s.ok(), s.ko(), ko, s.pending(), s.waitsStarted(),
                s.waitsOk(), s.waitsKo(), audit, tallies);
    }
}
