package io.gwsload.collector.books;

/**
 * The collector's counts besides the operations' ends, each with the name it has in {@code summary.json}'s
 * {@code accounting} and what it counts (the README's table of the books is these).
 */
public enum Tally {
    NOTIFICATIONS("notifications", "notifications received"),
    MATCHED_EARLY("matchedBeforeHttpAnswer", "notifications that arrived before their operation's HTTP answer and "
            + "were matched when it came"),
    EFFECT_WHILE_UNANSWERED("effectMatchesBeforeAnswer", "of those, completions by effect made while the "
            + "operation still awaited its HTTP answer"),
    FOLLOW_UPS("followUps", "further notifications of an operation after the one that completed it"),
    DUPLICATES("duplicates", "a notification with a referenceId received again (same content)"),
    LATE("late", "notifications with the referenceId of an operation that had timed out"),
    DUPLICATES_IDLESS("duplicatesWithoutId", "notifications without a referenceId that repeat one already consumed "
            + "(a re-delivery, or the same state again: a participant who joined and left), or an operation's own "
            + "notification after it was completed by such a repeat"),
    LATE_IDLESS("lateWithoutId", "notifications without a referenceId that show the effect of an operation that "
            + "had timed out"),
    UNKNOWN("unknown", "notifications whose referenceId matched no operation of the agent"),
    UNATTRIBUTED_ERRORS("unattributedErrors", "Error notifications without a known referenceId that more than one "
            + "operation (or none) could own: no operation was failed for them"),
    LATE_HTTP_ANSWERS("lateHttpAnswers", "HTTP answers read after their operation had already ended"),
    INBOX_EVICTED("inboxEvicted", "unclaimed notifications pushed out of a full agent inbox"),
    INBOX_EXPIRED("inboxExpired", "unclaimed notifications that aged out of an agent inbox"),
    WAITS_UNFILLED("waitsIdle", "optional waits (an idle agent waiting for work) that ended with nothing"),
    SESSION_LOSSES("sessionLosses", "CometD sessions lost and re-established"),
    HTTP_SESSIONS_RENEWED("httpSessionsRenewed", "HTTP sessions GWS gave anew to an agent already logged in (it "
            + "logged in again after its session expired, or GWS failed over): its referenceIds restarted"),
    HELD("heldForAttribution", "completions whose notification could also be another operation's (its content "
            + "repeats one already consumed, an operation of the scope had timed out, or it shows other changes "
            + "too): recorded only when the hold ends (twice the operation's timeout, up to four times where a later "
            + "operation took what could have been its own), at the latest candidate's time"),
    AMBIGUOUS("ambiguous", "of those, completions content could not decide: recorded at the latest candidate's "
            + "time, or when their hold was cut short (the conservative one), and flagged"),
    HELD_CUT_SHORT("heldCutShort", "of those flagged, held completions written when their virtual user ended (or the "
            + "run did) before their hold ran its course: nothing could confirm them any more"),
    FIFO_TIES("fifoTies", "notifications that showed the effect of two waiting operations of the same kind at "
            + "once (the oldest took it)"),
    DISAGREEMENTS("disagreements", "an operation's referenceId and its effect disagreed"),
    INVALID_REFERENCE_IDS("invalidReferenceIds", "notifications whose referenceId was not a non-negative integer"),
    PREDICATE_FAILURES("failedPredicates", "a completion rule or wait predicate threw; counted as no match"),
    AUDIT_CHECKED("auditChecked", "completions checked against the simulator's stamp of the operations that "
            + "caused the notification, and SMS replies against its time of the agent's text (0 on a real GWS)"),
    MISATTRIBUTED("misattributed", "of those, completed by a notification the operation did not cause"),
    MISATTRIBUTED_FLAGGED("misattributedFlagged", "of those, completions the collector had flagged ambiguous");

    private final String key;
    private final String description;

    Tally(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The name in {@code summary.json}. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }
}
