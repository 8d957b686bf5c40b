package io.gwsload.collector.tracker;

import io.gwsload.collector.rules.ScopeState;

import io.gwsload.collector.CollectorSettings;
import io.gwsload.collector.CompletedBy;
import io.gwsload.collector.Completion;
import io.gwsload.collector.Expectation;
import io.gwsload.collector.NotificationCollector;
import io.gwsload.collector.OperationListener;
import io.gwsload.collector.OperationSpec;
import io.gwsload.collector.Outcome;
import io.gwsload.collector.WaitListener;
import io.gwsload.collector.WaitOutcome;
import io.gwsload.collector.WaitSpec;
import io.gwsload.collector.books.Tally;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.gwsload.api.AuditStamp;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationResponse;
import io.gwsload.api.StatusCode;
import io.gwsload.client.AgentConnection;
import io.gwsload.client.AgentEvents;

/**
 * The correlation of one agent session, a facade over parts with one job each: its running operations
 * ({@link OperationTable}), notifications held for an answer still to come ({@link EarlyArrivals}), ended
 * operations by id ({@link EndedOperations}), what it knows of each scope ({@link ScopeMemory}), which
 * operations a notification completes by effect ({@link EffectMatcher}), and its waits and inbox
 * ({@link Waits}). It owns the one lock they share, and tells listeners after releasing it.
 *
 * <p>Matching order for a notification:
 * <ol>
 * <li>it carries the referenceId of an operation: that operation's (an {@code Error} fails it);</li>
 * <li>it carries an id no operation knows while an operation still awaits its HTTP answer (which may bring
 *     that id): it is held until the answers are in, and only then matched;</li>
 * <li>otherwise every waiting operation of its scope whose effect it shows, as a change from what the agent
 *     knew when the operation was registered ({@link CompletionRules}); an id it carries is learnt; an
 *     {@code Error} without a known id fails the one operation that could own it, or none (counted);</li>
 * <li>otherwise it is a surplus (a repeat of a consumed notification, or one owed to an operation that timed
 *     out) when the scope's memory says so, or it goes to the waits and the inbox.</li>
 * </ol>
 *
 * <p><b>What content cannot decide.</b> Some notifications carry nothing unique (a Ready's channel state is
 * the same every time). A completion on a notification whose content repeats one this scope consumed lately,
 * that an operation which timed out in this scope could own, or that shows other changes besides the
 * operation's, is <em>held</em>: the virtual user goes on at once, but the operation's figures are written
 * only when its hold ends. If meanwhile a surplus arrives that it could have been completed by, it is flagged
 * ambiguous and re-timed to that later copy, and to any later one within its hold, so a hostile target can never
 * make a figure look better unflagged.
 * A held operation never waits, nor times out, because of this.
 *
 * <p>Collections are created on first use, because most of 10,000 agents are idle most of the time.
 */
public final class AgentTracker implements AgentEvents {
    private final NotificationCollector collector;
    private final String agent;

    // All guarded by this.
    private OperationTable ops;
    private EarlyArrivals early;
    private EndedOperations ended;
    private Waits waits;
    private ScopeMemory scopes;
    private ArrayDeque<PendingOperation> held;
    /**
     * Of {@link #held}, those never lengthened, while no surplus has reached this agent: the only ones a repeat can
     * still change then, so a take looks at these few, not at every toggle held (hundreds per agent at 10 toggles/s
     * with a two-timeout hold). Null once a surplus has come: then every held one is looked at.
     */
    private ArrayDeque<PendingOperation> heldUnlengthened;
    /** Held completions written unflagged lately: a late copy of their own still flags them. */
    private ArrayDeque<PendingOperation> released;
    private static final int MAX_RELEASED = 32;
    /**
     * A completion held for attribution is written at most this many operation timeouts after it was sent (its own
     * hold is two; lengthening along later takers, four): what anything waiting for every record must allow.
     */
    public static final int LONGEST_HOLD_TIMEOUTS = 4;
    /**
     * Every attribution decision of every agent, one line each, at TRACE ({@code -Dgws.log=TRACE}): what took which
     * notification, what was held and until when, lengthened, re-timed, flagged, and at what time it was written. For a
     * diagnosis (it is written under the agent's lock, on CometD's and the collector's threads); grep it by agent.
     */
    private static final org.slf4j.Logger TRACE = org.slf4j.LoggerFactory.getLogger("io.gwsload.attribution");
    private int epoch;
    private boolean active;
    /** The target has repeated or delayed an id-less notification to this agent: its holds follow chains of takers. */
    private boolean surplusSeen;

    public AgentTracker(NotificationCollector collector, String agent) {
        this.collector = collector;
        this.agent = agent;
    }

    public String agent() {
        return agent;
    }

    /**
     * Registers an operation before its POST is written. The caller must then report
     * {@link PendingOperation#posted}, and {@link PendingOperation#answered} or
     * {@link PendingOperation#failed}.
     */
    public PendingOperation begin(OperationSpec spec, OperationListener listener) {
        long now = System.nanoTime();
        PendingOperation op;
        if (collector.isClosed()) {
            // The run is over and its books are being written: refused, not sent, not counted.
            op = new PendingOperation(this, spec, listener, now, epoch, ScopeState.UNKNOWN);
            op.ended = true;
            op.refused = true;
            OperationOutcome result = new OperationOutcome(spec, Outcome.STOPPED, now, OperationOutcome.NONE, now, 0,
                    null, null, "the run had ended; not sent", Notification.NO_REFERENCE, null, AuditStamp.NONE,
                    collector);
            result.discard();
            try {
                listener.onComplete(result);
            } catch (RuntimeException | Error e) {
                NotificationCollector.LOG.error("A completion listener failed on an operation refused at the end", e);
            }
            return op;
        }
        synchronized (this) {
            Expectation e = spec.expectation();
            op = new PendingOperation(this, spec, listener, now, epoch, e == null ? ScopeState.UNKNOWN
                    : scopes().baseline(e.scope()));
            op.deadline = collector.schedule(this, op, op.deadlineNanos);
            ops().add(op);
            activate();
        }
        collector.accounting().registered();
        if (collector.isClosed()) {
            stop(System.nanoTime()); // the run is over: end it now rather than leave it pending forever
        }
        return op;
    }

    /** Whether the operation has ended (a POST that waited for a login again is then not sent at all). */
    /**
     * Adds this agent's bounded structures to {@code into} (for a long run's trend): operations pending, early
     * arrivals held for an answer, ended operations remembered, scope memory, notifications in the inbox.
     */
    public synchronized void addSizes(java.util.Map<String, Long> into) {
        into.merge("pendingOperations", (long) (ops == null ? 0 : ops.size()), Long::sum);
        into.merge("earlyArrivals", early == null ? 0L : early.size(), Long::sum);
        into.merge("endedOperations", (long) (ended == null ? 0 : ended.size()), Long::sum);
        into.merge("scopeMemory", (long) (scopes == null ? 0 : scopes.size()), Long::sum);
        into.merge("scopes", (long) (scopes == null ? 0 : scopes.scopes()), Long::sum);
        into.merge("inbox", (long) (waits == null ? 0 : waits.inboxSize()), Long::sum);
    }

    synchronized boolean hasEnded(PendingOperation op) {
        return op.ended;
    }

    /** An operation's POST was written: it counts as sent. */
    void written(PendingOperation op) {
        collector.accounting().sent();
        synchronized (this) {
            // Registered before a session was lost (a POST that waited for a login again), written after: only
            // the session it is written in can bring its notification.
            op.epoch = epoch;
        }
    }

    /**
     * Waits for a notification that satisfies the spec's predicate: the oldest matching one already
     * in the inbox, or the next one to arrive that no operation claims.
     */
    public void await(WaitSpec spec, WaitListener listener) {
        long now = System.nanoTime();
        collector.accounting().waitStarted();
        Completions done = new Completions();
        try {
            synchronized (this) {
                Received hit = waits().takeFromInbox(spec, this::matches);
                Waiter w = new Waiter(spec, listener, now);
                if (hit != null) {
                    endWait(w, Outcome.OK, now, hit, null, done);
                } else {
                    w.deadline = collector.schedule(this, w, w.deadlineNanos);
                    waits().add(w);
                    activate();
                }
            }
        } finally {
            done.run();
        }
        if (collector.isClosed()) {
            stop(System.nanoTime());
        }
    }

    /**
     * Registers an operation, then has {@code connection} POST it: the one way operations are sent, so
     * that no notification can arrive before its operation is known. The listener is told once.
     */
    public PendingOperation execute(AgentConnection connection, OperationSpec spec, String path, Operation operation,
            OperationListener listener) {
        PendingOperation op = begin(spec, listener);
        connection.post(path, operation, spec.timeout(), op);
        return op;
    }

    /** {@link #execute(AgentConnection, OperationSpec, String, Operation, OperationListener)} as a future. */
    public CompletableFuture<OperationOutcome> execute(AgentConnection connection, OperationSpec spec, String path,
            Operation operation) {
        CompletableFuture<OperationOutcome> result = new CompletableFuture<>();
        execute(connection, spec, path, operation, result::complete);
        return result;
    }

    /** A notification for this agent, {@code nanos} taken on the receiving thread before any hand-off. */
    @Override
    public void onNotification(Notification n, long nanos) {
        collector.accounting().count(Tally.NOTIFICATIONS);
        collector.tapped(n, nanos);
        if (n.hasInvalidReferenceId()) {
            collector.accounting().count(Tally.INVALID_REFERENCE_IDS);
        }
        Received r = new Received(n, nanos, fingerprint(n));
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (n.hasReferenceId()) {
                    onReferenced(r, n.referenceId(), done);
                    drainFollowers(done); // what it settled may have freed id-less ones waiting behind
                } else if (early != null && early.holdsScope(r.scope()) && awaitsEffectIn(r.scope())) {
                    early.follow(r); // behind a held notification of its scope: matched in arrival order
                } else {
                    onUnreferenced(r, done);
                }
                // After matching: the operations waiting now were registered before it arrived.
                scopes().apply(Expectation.scopeOf(n), n, nanos);
            }
        } finally {
            done.run();
        }
    }

    /**
     * The agent's CometD session was lost and a new one made: notifications published in between are
     * gone, so every operation still waiting for one ends as "session lost", and so will those whose
     * HTTP answer is still to come and that nothing matched. Waits by predicate go on (offers keep
     * coming on the new session).
     */
    @Override
    public void onSessionLost(String reason) {
        collector.accounting().count(Tally.SESSION_LOSSES);
        if (NotificationCollector.LOG.isDebugEnabled()) {
            NotificationCollector.LOG.debug("{}: CometD session lost: {}", agent, reason);
        }
        long now = System.nanoTime();
        Completions done = new Completions();
        try {
            synchronized (this) {
                epoch++;
                for (PendingOperation op : ops().snapshot()) {
                    if (op.answered && op.decided == null && op.spec.awaitNotification()) {
                        end(op, Outcome.SESSION_LOST, now, null, "the CometD session was lost before the notification"
                                + (op.hasId ? " for referenceId " + op.referenceId : "") + " arrived", null, done);
                    }
                }
            }
        } finally {
            done.run();
        }
    }

    /**
     * The agent's HTTP session changed (a new {@code JSESSIONID}: expiry, failover): GWS restarts its
     * referenceIds, so ids learnt so far mean nothing any more. Operations that can still complete by
     * their effect forget their id and go on; those that can only complete by id end as "session expired".
     */
    @Override
    public void onHttpSessionChanged() {
        collector.accounting().count(Tally.HTTP_SESSIONS_RENEWED);
        long now = System.nanoTime();
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (early != null && !early.isEmpty()) {
                    collector.accounting().count(Tally.UNKNOWN, early.count());
                    early.clear();
                }
                drainFollowers(done);
                if (ended != null) {
                    ended.clear();
                }
                ops().forgetIds();
                for (PendingOperation op : ops().snapshot()) {
                    if (!op.hasId) {
                        continue;
                    }
                    if (op.decided != null || !op.answered || op.spec.byEffect() || !op.spec.awaitNotification()) {
                        // Its old id must not come back into the books when it ends; an answer still to come
                        // brings an id of the new session.
                        op.hasId = false;
                    } else {
                        end(op, Outcome.SESSION_EXPIRED, now, null, "the GWS session changed before the notification"
                                + " for referenceId " + op.referenceId + " arrived", null, done);
                    }
                }
            }
        } finally {
            done.run();
        }
    }

    void onSessionExpired(PendingOperation op, int status, String text, long nanos) {
        collector.accounting().count(Tally.SESSION_LOSSES);
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (!op.answered && !op.ended) {
                    op.answered = true;
                    op.httpStatus = status;
                    end(op, Outcome.SESSION_EXPIRED, nanos, null, "the GWS session expired (HTTP " + status
                            + (text == null || text.isEmpty() ? "" : ": " + text) + "); the agent logs in again", null,
                            done);
                    flushEarlyIfNobodyWaits(done);
                } else {
                    op.answered = true;
                }
            }
        } finally {
            done.run();
        }
    }

    // ---- called by PendingOperation ----

    void onAnswer(PendingOperation op, int status, OperationResponse response, long auditId, long nanos,
            String failure) {
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (auditId != AuditStamp.NONE) {
                    op.auditId = auditId;
                }
                if (op.answered) {
                    return; // reported twice by a client: the first answer counts
                }
                if (op.ended) {
                    op.answered = true;
                    collector.accounting().count(Tally.LATE_HTTP_ANSWERS);
                    Long id = response == null ? null : response.referenceId();
                    if (id != null && id >= 0 && !op.hasId) {
                        // Ended before its answer: what still comes for its id is late (after a timeout) or a
                        // follow-up, not unknown.
                        op.referenceId = id;
                        op.hasId = true;
                        ended().remember(id, op.seen, op.timedOut, op.dueNanos());
                        settleEarly(id, done);
                    }
                    flushEarlyIfNobodyWaits(done);
                } else {
                    answered(op, status, response, nanos, failure, done);
                }
            }
        } finally {
            done.run();
        }
    }

    private void answered(PendingOperation op, int status, OperationResponse response, long nanos, String failure,
            Completions done) {
        op.answered = true;
        op.httpStatus = status;
        op.response = response;
        if (failure == null) {
            op.httpEndNanos = nanos;
        }
        OperationSpec spec = op.spec;
        if (failure != null) {
            end(op, Outcome.HTTP_FAILURE, nanos, null, failure, null, done);
        } else if (status != 200) {
            String detail = response != null && response.statusMessage() != null
                    ? ": " + response.statusMessage() : "";
            end(op, Outcome.HTTP_STATUS, nanos, null, "HTTP " + status + detail, null, done);
        } else if (response == null) {
            end(op, Outcome.HTTP_FAILURE, nanos, null, "HTTP 200 without a GWS JSON body", null, done);
        } else if (!response.isSuccess()) {
            end(op, Outcome.STATUS_CODE, nanos, null, "statusCode " + response.code() + " ("
                    + StatusCode.describe(response.code()) + ")"
                    + (response.statusMessage() != null ? ": " + response.statusMessage() : ""), null, done);
        } else if (response.referenceId() != null && response.referenceId() < 0) {
            end(op, Outcome.INVALID_REFERENCE_ID, nanos, null, "the HTTP answer carried an invalid referenceId ("
                    + response.referenceId() + ")", null, done);
        } else {
            Long id = response.referenceId();
            if (id != null) {
                if (op.hasId) {
                    if (op.referenceId != id) {
                        // The notification that showed the effect carried another id than the answer.
                        collector.accounting().count(Tally.DISAGREEMENTS);
                    } else if (op.decided != null && op.decided.by == CompletedBy.EFFECT) {
                        op.decided = op.decided.confirmedById();
                    }
                } else if (spec.awaitNotification() && spec.byReferenceId()) {
                    register(op, id, done); // may end it: a notification with this id may be held
                } else {
                    // Remembered even when no notification is awaited, so that one arriving anyway is
                    // counted as a follow-up, not as an unknown id.
                    ops().index(op, id);
                }
            }
            if (op.ended) {
                // decided by a notification held for this id
            } else if (!spec.awaitNotification()) {
                end(op, Outcome.OK, nanos, null, null, CompletedBy.HTTP, done);
            } else if (op.decided != null) {
                Decision d = op.decided;
                end(op, d.outcome, d.received.nanos, d.received, d.message, d.by, d.doubtful, d.ambiguous, done);
            } else if (!op.hasId && !spec.byEffect()) {
                end(op, Outcome.NO_REFERENCE_ID, nanos, null, spec.completion() == Completion.REFERENCE_ID
                        ? "the HTTP answer carried no referenceId, and this step completes by referenceId only"
                        : "the HTTP answer carried no referenceId, and no effect of the operation is known to "
                                + "complete it", null, done);
            } else if (op.epoch != epoch) {
                end(op, Outcome.SESSION_LOST, nanos, null, "the CometD session was lost before the notification"
                        + (op.hasId ? " for referenceId " + op.referenceId : "") + " could arrive", null, done);
            }
        }
        if (op.ended && op.hasId) {
            settleEarly(op.referenceId, done); // e.g. an HTTP-only operation that notifies anyway
        }
        flushEarlyIfNobodyWaits(done);
    }

    // ---- called by the collector ----

    /**
     * The deadline of an operation or a wait has passed: an operation still waiting ends as a timeout; a held
     * completion is written as it was made; a wait ends as a timeout.
     */
    public void expire(Object subject, long now) {
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (subject instanceof PendingOperation op) {
                    if (op.held != null && op.holdEndNanos() - now > 0) {
                        op.deadline = collector.schedule(this, op, op.holdEndNanos()); // lengthened meanwhile
                    } else if (op.held != null) {
                        release(op, op.heldOn.nanos, op.heldOn.notification, op.heldAmbiguous, done);
                    } else if (!op.ended) {
                        // The timeout runs from when the POST was written, which may be later than when the
                        // operation began (a rate gate, a login again): only then is a KO's time >= the timeout.
                        // written first: both volatile, a true written shows the start its write set
                        boolean written = op.isWritten();
                        long due = op.dueNanos();
                        if (written && now - due < 0) {
                            op.deadline = collector.schedule(this, op, due);
                            return;
                        }
                        end(op, Outcome.TIMEOUT, now, null, timeoutMessage(op), null, done);
                        Expectation e = op.spec.expectation();
                        if (op.answered && e != null && op.spec.byEffect()) {
                            scopes().addDebt(e.scope(), op, now); // its notification may still come, late
                        }
                    }
                } else if (subject instanceof Waiter w && waits != null && waits.remove(w)) {
                    endWait(w, Outcome.TIMEOUT, now, null, "no notification within " + w.spec.timeout().toMillis()
                            + " ms: " + w.spec.description(), done);
                }
            }
        } finally {
            done.run();
        }
    }

    private static String timeoutMessage(PendingOperation op) {
        if (!op.answered) {
            return "no HTTP answer within " + millis(op) + " ms";
        }
        if (op.hasId) {
            return "no " + op.spec.completesOnDescription() + " for referenceId " + op.referenceId + " within "
                    + millis(op) + " ms";
        }
        Expectation e = op.spec.expectation();
        return "no notification showing " + (e == null ? op.spec.completesOnDescription() : e.description())
                + " within " + millis(op) + " ms";
    }

    /** Forgets what is old; returns false when nothing is left to watch. */
    public boolean housekeep(long now, CollectorSettings settings) {
        Completions done = new Completions();
        try {
            synchronized (this) {
                return housekeep(now, settings, done);
            }
        } finally {
            done.run();
        }
    }

    private boolean housekeep(long now, CollectorSettings settings, Completions done) {
        if (early != null && !early.isEmpty()) {
            // A held notification can only be for an operation registered before it arrived; once every
            // such operation has its answer, nothing can claim it by id any more.
            for (Received r : early.takeUnclaimable(ops().oldestUnanswered())) {
                settleUnknownId(r, r.notification.referenceId(), done);
            }
        }
        drainFollowers(done);
        long retention = settings.recentRetention().toNanos();
        if (ended != null) {
            ended.expire(now, retention);
        }
        if (scopes != null) {
            scopes.expire(now, retention);
        }
        while (released != null && !released.isEmpty() && now - released.peekFirst().releasedNanos >= retention) {
            released.pollFirst().heldOutcome = null;
        }
        if (waits != null) {
            long expired = waits.expireInbox(now, settings.inboxTtl().toNanos());
            if (expired > 0) {
                collector.accounting().count(Tally.INBOX_EXPIRED, expired);
            }
        }
        boolean stillActive = ops != null && !ops.isEmpty() || early != null && (!early.isEmpty() || early.hasFollowers())
                || ended != null && !ended.isEmpty() || waits != null && !waits.isEmpty()
                || held != null && !held.isEmpty() || released != null && !released.isEmpty()
                || scopes != null && scopes.holdsAnything();
        if (!stillActive) {
            active = false;
            // Give the memory back: most agents are idle most of the time. What the scopes' states say stays.
            ops = null;
            early = null;
            ended = null;
            waits = null;
            held = null;
            heldUnlengthened = null;
            released = null;
        }
        return stillActive;
    }

    /** Ends everything still pending (the run is over), and writes what is held as it was made. */
    public void stop(long now) {
        Completions done = new Completions();
        try {
            synchronized (this) {
                releaseAllHeld(done);
                for (PendingOperation op : ops().snapshot()) {
                    end(op, Outcome.STOPPED, now, null, !op.answered ? "the run ended before the HTTP answer"
                            : "the run ended before the notification" + (op.hasId ? " for referenceId " + op.referenceId
                                    : ""), null, done);
                }
                if (waits != null) {
                    for (Waiter w : waits.drain()) {
                        endWait(w, Outcome.STOPPED, now, null, "the run ended before a notification arrived", done);
                    }
                }
            }
        } finally {
            done.run();
        }
    }

    /**
     * The virtual user of this agent ended: its held completions are written now, while Gatling still takes
     * records (nothing of this agent's can be re-timed any more).
     */
    public void userEnded() {
        Completions done = new Completions();
        try {
            synchronized (this) {
                releaseAllHeld(done);
            }
        } finally {
            done.run();
        }
    }

    // ---- matching, all under this ----

    private void onReferenced(Received r, long ref, Completions done) {
        PendingOperation op = ops().byId(ref);
        if (op != null) {
            handleById(op, r, done);
            return;
        }
        EndedOperations.Ended gone = ended == null ? null : ended.get(ref);
        if (gone != null) {
            afterEnd(gone, r, done);
            return;
        }
        if (ops().anyUnanswered()) {
            // Its operation may be one whose answer will bring this id: hold it before any matching by effect,
            // so that an older operation of the same kind cannot take a younger one's notification.
            early().hold(ref, r);
            activate();
            return;
        }
        settleUnknownId(r, ref, done);
    }

    /** A notification with an id no operation has, and no answer to come could give it: by effect, or unknown. */
    private void settleUnknownId(Received r, long ref, Completions done) {
        Notification n = r.notification;
        if (n.isError()) {
            PendingOperation owner = soleErrorOwner(n, true);
            if (owner != null) {
                learn(owner, ref, r);
                decide(owner, Outcome.ERROR_NOTIFICATION, r, CompletedBy.EFFECT, errorText(n, ref), false, false,
                        done);
                return;
            }
            collector.accounting().count(Tally.UNATTRIBUTED_ERRORS);
        } else {
            List<PendingOperation> completed = completeByEffect(r, ref, done);
            if (completed.size() == 1) {
                PendingOperation owner = completed.get(0);
                // Held with this id before it was known: now follow-ups (or duplicates) of the operation.
                List<Received> ahead = early == null ? null : early.take(ref);
                if (ahead != null) {
                    for (Received other : ahead) {
                        if (owner.ended) {
                            afterEnd(ended().get(ref), other, done);
                        } else {
                            handleById(owner, other, done);
                        }
                    }
                }
                return;
            }
            if (!completed.isEmpty()) {
                return; // one notification, several operations: its id names none of them for sure
            }
        }
        collector.accounting().count(Tally.UNKNOWN);
        if (NotificationCollector.LOG.isDebugEnabled()) {
            NotificationCollector.LOG.debug("{}: no operation has referenceId {}: {}", agent, ref, n);
        }
        unclaimed(r, done);
    }

    private void onUnreferenced(Received r, Completions done) {
        Notification n = r.notification;
        if (n.isError()) {
            PendingOperation owner = soleErrorOwner(n, false);
            if (owner != null) {
                decide(owner, Outcome.ERROR_NOTIFICATION, r, CompletedBy.EFFECT, errorText(n, -1), false, false, done);
            } else {
                collector.accounting().count(Tally.UNATTRIBUTED_ERRORS);
                unclaimed(r, done);
            }
        } else if (completeByEffect(r, null, done).isEmpty()) {
            unclaimed(r, done);
        }
    }

    private void handleById(PendingOperation op, Received r, Completions done) {
        if (!op.seen.firstSight(r.fingerprint)) {
            collector.accounting().count(Tally.DUPLICATES);
            return;
        }
        Notification n = r.notification;
        if (op.decided != null) {
            collector.accounting().count(Tally.FOLLOW_UPS);
            unclaimed(r, done);
        } else if (n.isError()) {
            decide(op, Outcome.ERROR_NOTIFICATION, r, CompletedBy.REFERENCE_ID, errorText(n, op.referenceId), false,
                    false, done);
        } else if (test(op.spec.completesOn(), n)) {
            CompletedBy by = CompletedBy.REFERENCE_ID;
            Expectation e = op.spec.expectation();
            if (e != null) {
                if (e.scope().equals(Expectation.scopeOf(n)) && shows(op, n)) {
                    by = CompletedBy.BOTH;
                } else {
                    collector.accounting().count(Tally.DISAGREEMENTS); // the id says done, the effect is not shown
                }
            }
            decide(op, Outcome.OK, r, by, null, false, false, done);
            if (e != null && e.passOn()) {
                unclaimed(r, done);
            }
        } else {
            collector.accounting().count(Tally.FOLLOW_UPS);
            unclaimed(r, done);
        }
    }

    /**
     * Completes every waiting operation of the notification's scope whose effect it shows ({@link EffectMatcher});
     * when it carries an id ({@code carriedId} not null), an operation that knows its own (other) id is no
     * candidate, and the one operation it completes learns it. Returns those completed.
     */
    private List<PendingOperation> completeByEffect(Received r, Long carriedId, Completions done) {
        boolean carriesId = carriedId != null;
        Notification n = r.notification;
        String scope = Expectation.scopeOf(n);
        if (scope == null || ops == null) {
            return List.of();
        }
        List<PendingOperation> candidates = null;
        for (PendingOperation op : ops.inOrder()) {
            Expectation e = op.spec.expectation();
            // An operation not yet written (its POST waits for a login again) cannot have caused anything.
            if (op.ended || op.decided != null || !(op.isWritten() || op.answered) || !op.spec.awaitNotification()
                    || !op.spec.byEffect() || !scope.equals(e.scope()) || carriesId && op.hasId && op.spec.byReferenceId()) {
                continue;
            }
            if (candidates == null) {
                candidates = new ArrayList<>(2);
            }
            candidates.add(op);
        }
        if (candidates == null) {
            return List.of();
        }
        EffectMatcher.Result result = EffectMatcher.match(n, candidates, tester);
        if (result.fifoTies() > 0) {
            collector.accounting().count(Tally.FIFO_TIES, result.fifoTies());
        }
        if (result.completed().isEmpty()) {
            return List.of();
        }
        long retention = collector.settings().recentRetention().toNanos();
        boolean repeat = scopes().repeats(scope, r.fingerprint, r.nanos, retention);
        ScopeMemory.Debt debt = scopes.debtShownBy(scope, n, this::shows);
        // Held completions this repeat could have made: one that took a stray may be seeing its own copy taken by a
        // later operation, and then only that operation's surplus can show it. Listed before this one is held.
        List<PendingOperation> shownHeld = repeat ? heldShownBy(surplusSeen ? held : heldUnlengthened, scope, n)
                : List.of();
        boolean passOn = false;
        if (carriesId && result.completed().size() == 1) {
            learn(result.completed().get(0), carriedId, r); // before it ends: its id is remembered with it
        }
        // Other changes are judged against what this agent knew just before this notification, not at each
        // operation's registration: a change that arrived in a notification of its own since is no longer news.
        ScopeState known = scopes.current(scope); // applied only after matching: still as before this one
        for (PendingOperation op : result.completed()) {
            boolean others = op.spec.expectation().effect().showsOtherChanges(n, known);
            // Owed to a timed-out operation, or showing another participant's change too: ambiguous even if
            // nothing else comes. A mere repeat of content is ambiguous only if a later candidate comes.
            decide(op, Outcome.OK, r, CompletedBy.EFFECT, null, repeat || debt != null || others,
                    debt != null || others, done);
            passOn |= op.spec.expectation().passOn();
        }
        scopes.consumed(scope, r.fingerprint, r.nanos);
        if (!shownHeld.isEmpty()) {
            extendHolds(shownHeld, result.completed());
            for (PendingOperation h : shownHeld) {
                if (h.exposed) {
                    retime(h, r); // a copy taken by another could have been its own as well as a surplus could
                }
            }
        }
        if (passOn) {
            deliverToWaits(r, done);
        }
        return result.completed();
    }

    /**
     * Each of {@code shownHeld} is held on until the holds of {@code takers} end: a held completion whose own
     * notification was taken by a later operation (it had taken a stray) is then still held when the copy that shows
     * it, a surplus, comes, whether that is the taker's own or, once the target has repeated or delayed an id-less
     * notification to this agent, through a chain of such takers, a later one's. Never past
     * {@link #LONGEST_HOLD_TIMEOUTS} times its own timeout after it was sent (what a capacity verdict waits for).
     * Once only for an agent that has never had one: in an ordinary run every later toggle's notification shows
     * every earlier one's effect, and following each would hold every toggle that long (twice the memory, at 1,000
     * toggles/s), for chains that need a stray to begin.
     */
    private void extendHolds(List<PendingOperation> shownHeld, List<PendingOperation> takers) {
        long until = takers.get(0).ownHoldEndNanos(); // takers: those just completed, never none
        for (PendingOperation t : takers) {
            until = t.ownHoldEndNanos() - until > 0 ? t.ownHoldEndNanos() : until;
        }
        for (PendingOperation h : shownHeld) {
            // One exposed already is re-timed only within its own hold: holding it longer would change nothing.
            if (h.held == null || h.exposed || h.lengthened && !surplusSeen) {
                continue;
            }
            long cap = h.longestHoldEndNanos();
            long end = until - cap > 0 ? cap : until;
            if (end - h.holdEndNanos() > 0) {
                if (!h.lengthened && heldUnlengthened != null) {
                    heldUnlengthened.remove(h);
                }
                h.lengthened = true;
                h.lengthenedTo = end;
                if (TRACE.isTraceEnabled()) {
                    trace(h, "hold lengthened to " + since(h, end) + " by " + takers.get(0).spec.notifiedName(), end);
                }
            }
        }
    }

    /** An id-less notification repeated or late: counted, and from now on this agent's holds follow chains. */
    private void countSurplus(Tally tally) {
        collector.accounting().count(tally);
        if (TRACE.isTraceEnabled()) {
            TRACE.trace("{}: a surplus, no running operation took it: {}", agent, tally.description());
        }
        surplusSeen = true;
        heldUnlengthened = null;
    }

    /** Whether the target has repeated or delayed an id-less notification in this run (to any agent). */
    private boolean targetRepeats() {
        return collector.accounting().tally(Tally.DUPLICATES_IDLESS) > 0
                || collector.accounting().tally(Tally.LATE_IDLESS) > 0;
    }

    /**
     * A copy that a held completion could have been made by came after it: the completion may have taken a copy
     * not its own (content cannot say), so it is flagged and its time becomes this copy's, and it stays held, so
     * that a later copy that could be its own (the surplus may be a re-delivery of an older one's) moves it again.
     * The first such copy moves it wherever it falls; a later one only within its own hold, twice its timeout after
     * it was sent (as far as a late own copy is looked for at all), so that the figure does not drift with every
     * later toggle for as long as a chain of takers keeps it held.
     */
    private void retime(PendingOperation h, Received r) {
        if (h.held == null || h.exposed && r.nanos - h.ownHoldEndNanos() > 0 || r.nanos - h.heldOn.nanos <= 0) {
            return;
        }
        h.exposed = true;
        h.heldAmbiguous = true;
        h.heldOn = new Received(r.notification.summary(), r.nanos, r.fingerprint);
        if (TRACE.isTraceEnabled()) {
            trace(h, "re-timed to a later copy it could have been made by, flagged", r.nanos);
        }
    }

    /**
     * A notification no running operation took. If a completion held for attribution could have been made by
     * it, that completion is re-timed to it, flagged ambiguous ({@link #retime}); a repeat of a consumed
     * notification, or one a timed-out operation was owed, is counted and goes no further; anything else goes to
     * the waits and inbox.
     */
    private void unclaimed(Received r, Completions done) {
        Notification n = r.notification;
        String scope = Expectation.scopeOf(n);
        if (!n.isError() && scope != null && scopes != null) {
            long retention = collector.settings().recentRetention().toNanos();
            List<PendingOperation> chain = heldShownBy(held, scope, n);
            ScopeMemory.Debt debt = scopes.debtShownBy(scope, n, this::shows);
            if (!chain.isEmpty()) {
                // A repeat of consumed content is a re-delivery of a notification already taken: it pays no debt,
                // or the debt's own notification, still to come, would complete a later operation unflagged.
                if (debt != null && scopes.repeats(scope, r.fingerprint, r.nanos, retention)
                        && !couldBeOwnOf(debt.op(), chain)) {
                    debt = null;
                }
                if (debt != null) {
                    scopes.pay(scope, debt);
                }
                countSurplus(debt != null ? Tally.LATE_IDLESS : Tally.DUPLICATES_IDLESS);
                // A surplus: somewhere in the chain of held completions it could have made, one took a notification
                // that was not its own, and each later one may have taken its predecessor's. Content cannot say
                // where the chain broke, nor whether a later one's copy was not itself a stray: each is re-timed to
                // the latest copy there is, flagged (later than the truth perhaps, never earlier), and held on.
                for (PendingOperation h : chain) {
                    retime(h, r);
                }
                // It may as well be owed to a completion already written: flagged too.
                flagReleasedShownBy(scope, n, r.nanos, retention, done);
                scopes.consumed(scope, r.fingerprint, r.nanos);
                return;
            }
            if (flagReleasedShownBy(scope, n, r.nanos, retention, done)) {
                countSurplus(Tally.DUPLICATES_IDLESS);
                scopes.consumed(scope, r.fingerprint, r.nanos);
                return;
            }
            if (!n.hasReferenceId() && scopes.repeats(scope, r.fingerprint, r.nanos, retention)) {
                countSurplus(Tally.DUPLICATES_IDLESS);
                return;
            }
            if (debt != null) {
                scopes.pay(scope, debt);
                countSurplus(Tally.LATE_IDLESS);
                return;
            }
        }
        deliverToWaits(r, done);
    }

    /**
     * Whether a repeat of what completed one of {@code chain} could be the timed-out operation's own notification:
     * only where one of them has the same effect (a toggle back to the same state), never where each is another
     * kind of change (UpdateUserData's re-delivered PropertiesUpdated is not a late SetDisposition's).
     */
    private static boolean couldBeOwnOf(PendingOperation timedOut, List<PendingOperation> chain) {
        Expectation owed = timedOut.spec.expectation();
        for (PendingOperation h : chain) {
            if (h.spec.expectation().couldShareContentWith(owed)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The held completions among {@code among} of the scope that this notification could have made, oldest candidate
     * first: their effect shown (from their baselines) by a notification of the same type as the one each was made on.
     */
    private List<PendingOperation> heldShownBy(ArrayDeque<PendingOperation> among, String scope, Notification n) {
        if (among == null || among.isEmpty()) {
            return List.of();
        }
        List<PendingOperation> chain = new ArrayList<>(2);
        for (PendingOperation h : among) {
            Notification on = h.heldOn.notification;
            if (scope.equals(h.spec.expectation().scope()) && java.util.Objects.equals(on.messageType(), n.messageType())
                    && java.util.Objects.equals(on.notificationType(), n.notificationType()) && shows(h, n)) {
                chain.add(h);
            }
        }
        chain.sort((a, b) -> Long.compare(a.heldOn.nanos - b.heldOn.nanos, 0));
        return chain;
    }

    /**
     * Flags every unflagged completion written within retention that this surplus notification could have made:
     * content cannot say which of them (if any) took a notification that was not its own, so none stays unflagged.
     * Their hold had ended: too late to move their time, not too late to say they were ambiguous. Returns whether
     * there was one.
     */
    private boolean flagReleasedShownBy(String scope, Notification n, long now, long retention, Completions done) {
        if (released == null) {
            return false;
        }
        boolean any = false;
        for (java.util.Iterator<PendingOperation> it = released.iterator(); it.hasNext();) {
            PendingOperation h = it.next();
            Notification on = h.heldOn.notification;
            if (now - h.releasedNanos < retention && scope.equals(h.spec.expectation().scope())
                    && java.util.Objects.equals(on.messageType(), n.messageType())
                    && java.util.Objects.equals(on.notificationType(), n.notificationType()) && shows(h, n)) {
                it.remove();
                collector.accounting().count(Tally.AMBIGUOUS);
                OperationOutcome o = h.heldOutcome;
                h.heldOutcome = null;
                done.add(o::flagAfterRelease);
                if (TRACE.isTraceEnabled()) {
                    trace(h, "flagged after it was written: a later copy could have been its own", now);
                }
                any = true;
            }
        }
        return any;
    }

    /** One line of the attribution trace: the agent, the operation and the moment, from when it began. */
    private void trace(PendingOperation op, String what, long atNanos) {
        TRACE.trace("{}: {}{} {} at {}", agent, op.spec.notifiedName(),
                op.auditId == AuditStamp.NONE ? "" : " (audit " + op.auditId + ")", what, since(op, atNanos));
    }

    private static String since(PendingOperation op, long nanos) {
        return String.format(java.util.Locale.ROOT, "%+.3f ms", (nanos - op.startNanos) / 1e6);
    }

    private static String typeOf(Notification n) {
        return n.messageType() + (n.notificationType() == null ? "" : "/" + n.notificationType());
    }

    /** The one running operation an Error without a known id can belong to; null when none or several could. */
    private PendingOperation soleErrorOwner(Notification n, boolean carriesId) {
        if (ops == null) {
            return null;
        }
        // The short documented Error form names no interaction: then any interaction operation may own it.
        String scope = Expectation.scopeOf(n);
        PendingOperation owner = null;
        for (PendingOperation op : ops.inOrder()) {
            Expectation e = op.spec.expectation();
            if (!op.ended && op.decided == null && (op.isWritten() || op.answered) && op.spec.awaitNotification() && e != null
                    && (scope == null ? !Expectation.CHANNELS.equals(e.scope()) : e.scope().equals(scope))
                    && !(carriesId && op.hasId && op.spec.byReferenceId())) {
                if (owner != null) {
                    return null;
                }
                owner = op;
            }
        }
        return owner;
    }

    /** The operation now knows its id from a notification that decided it: its siblings are follow-ups. */
    private void learn(PendingOperation op, long ref, Received r) {
        op.seen.firstSight(r.fingerprint);
        ops().index(op, ref);
    }

    /** The notification decides the operation; it ends now, or when its HTTP answer comes. */
    private void decide(PendingOperation op, Outcome outcome, Received r, CompletedBy by, String message,
            boolean doubtful, boolean ambiguous, Completions done) {
        if (op.answered) {
            end(op, outcome, r.nanos, r, message, by, doubtful, ambiguous, done);
        } else {
            op.decided = new Decision(outcome, r, by, message, doubtful, ambiguous);
            collector.accounting().count(Tally.MATCHED_EARLY);
            if (by == CompletedBy.EFFECT) {
                collector.accounting().count(Tally.EFFECT_WHILE_UNANSWERED);
            }
        }
    }

    private void register(PendingOperation op, long ref, Completions done) {
        PendingOperation displaced = ops().index(op, ref);
        if (displaced != null) {
            end(displaced, Outcome.REFERENCE_REUSED, System.nanoTime(), null, "referenceId " + ref
                    + " was given to a later operation of the same agent before this one completed"
                    + " (GWS restarts its ids in a new session)", null, done);
            ops.index(op, ref);
        }
        if (ended != null) {
            ended.forget(ref);
        }
        List<Received> ahead = early == null ? null : early.take(ref);
        if (ahead != null) {
            for (Received r : ahead) {
                if (!op.ended) {
                    handleById(op, r, done);
                    if (op.ended) {
                        collector.accounting().count(Tally.MATCHED_EARLY);
                    }
                } else {
                    afterEnd(ended().get(ref), r, done);
                }
            }
        }
    }

    /** Notifications held for an operation that has now ended: follow-ups, duplicates or late ones. */
    private void settleEarly(long ref, Completions done) {
        List<Received> ahead = early == null ? null : early.take(ref);
        if (ahead != null) {
            EndedOperations.Ended gone = ended().get(ref);
            for (Received r : ahead) {
                afterEnd(gone, r, done);
            }
        }
    }

    /**
     * Nobody is waiting for an answer any more: what is still held is matched now, in arrival order, then the
     * id-less notifications that waited behind it.
     */
    private void flushEarlyIfNobodyWaits(Completions done) {
        if (early == null || early.isEmpty() || ops().anyUnanswered()) {
            drainFollowers(done);
            return;
        }
        for (Received r : early.takeAll()) {
            long ref = r.notification.referenceId();
            PendingOperation op = ops().byId(ref);
            EndedOperations.Ended gone = ended == null ? null : ended.get(ref);
            if (op != null) {
                handleById(op, r, done);
            } else if (gone != null) {
                afterEnd(gone, r, done);
            } else {
                settleUnknownId(r, ref, done);
            }
        }
        drainFollowers(done);
    }

    /** Whether an operation of {@code scope} still waits for its effect: only then can arrival order matter. */
    private boolean awaitsEffectIn(String scope) {
        if (ops == null || scope == null) {
            return false;
        }
        for (PendingOperation op : ops.inOrder()) {
            if (!op.ended && op.decided == null && op.spec.awaitNotification() && op.spec.byEffect()
                    && scope.equals(op.spec.expectation().scope())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Matches the id-less notifications that waited behind a held one of their scope and no longer do, in arrival
     * order (see {@link EarlyArrivals}).
     */
    private void drainFollowers(Completions done) {
        if (early == null || !early.hasFollowers()) {
            return;
        }
        for (Received f : early.takeFreeFollowers()) {
            onUnreferenced(f, done);
        }
    }

    private void afterEnd(EndedOperations.Ended gone, Received r, Completions done) {
        if (gone == null) {
            unclaimed(r, done);
        } else if (!gone.seen().firstSight(r.fingerprint)) {
            collector.accounting().count(Tally.DUPLICATES);
        } else if (gone.timedOut()) {
            collector.accounting().count(Tally.LATE);
        } else {
            collector.accounting().count(Tally.FOLLOW_UPS);
            unclaimed(r, done);
        }
    }

    /** To the oldest wait it ends, or into the inbox for a wait still to come. */
    private void deliverToWaits(Received r, Completions done) {
        Waits w = waits();
        w.dropWithdrawnOffers(r.notification);
        Waiter waiter = w.claim(r.notification, this::matches);
        if (waiter != null) {
            endWait(waiter, Outcome.OK, r.nanos, r, null, done);
            String scope = Expectation.scopeOf(r.notification);
            scopes().consumed(scope, r.fingerprint, r.nanos);
            return;
        }
        if (w.store(r, collector.settings().inboxCapacity())) {
            collector.accounting().count(Tally.INBOX_EVICTED);
        }
        activate();
    }

    private void end(PendingOperation op, Outcome outcome, long endNanos, Received r, String message, CompletedBy by,
            Completions done) {
        end(op, outcome, endNanos, r, message, by, false, false, done);
    }

    /**
     * Ends an operation once. A doubtful OK completion ({@code doubtful}) is held: the listener hears of it
     * now, but its figures are written when the hold ends ({@link #release}); its deadline stays scheduled
     * as the hold's end.
     */
    private void end(PendingOperation op, Outcome outcome, long endNanos, Received r, String message, CompletedBy by,
            boolean doubtful, boolean ambiguous, Completions done) {
        if (op.ended) {
            return; // once: its listener has heard, and has been let go
        }
        op.ended = true;
        op.timedOut = outcome == Outcome.TIMEOUT;
        ops().remove(op);
        if (op.hasId) {
            ended().remember(op.referenceId, op.seen, op.timedOut, endNanos);
            if (op.otherReferenceId != Notification.NO_REFERENCE) {
                ended().remember(op.otherReferenceId, op.seen, op.timedOut, endNanos);
            }
        }
        Notification n = r == null ? null : r.notification;
        OperationOutcome result = new OperationOutcome(op.spec, outcome, op.startNanos, op.httpEndNanos, endNanos,
                op.httpStatus, op.response, n, message, op.hasId ? op.referenceId : Notification.NO_REFERENCE,
                outcome.isOk() ? by : null, op.auditId, collector);
        if (TRACE.isTraceEnabled()) {
            trace(op, outcome + (by == null ? "" : " by " + by) + (n == null ? "" : " on " + typeOf(n))
                    + (outcome.isOk() && doubtful && r != null ? ", held until " + since(op, op.ownHoldEndNanos())
                            + (ambiguous ? ", flagged" : "") : ""), endNanos);
        }
        if (outcome.isOk() && doubtful && r != null) {
            // Its types, scope and time are all a hold compares; the content stays with the listener's outcome.
            Notification summary = n.summary();
            result.hold(summary);
            op.held = result;
            op.heldOn = new Received(summary, r.nanos, r.fingerprint);
            if (op.decided != null) { // decided before its answer: that decision is only ever asked whether it exists
                op.decided = op.decided.on(op.heldOn);
            }
            op.heldAmbiguous = ambiguous;
            if (held == null) {
                held = new ArrayDeque<>(4);
            }
            held.add(op);
            if (!surplusSeen) {
                if (heldUnlengthened == null) {
                    heldUnlengthened = new ArrayDeque<>(4);
                }
                heldUnlengthened.add(op);
            }
            collector.holding(op, endNanos);
            collector.accounting().count(Tally.HELD);
            // Held until twice its timeout: its own notification, even late, is still compared with it.
            collector.cancel(op.deadline);
            op.deadline = collector.schedule(this, op, op.ownHoldEndNanos());
        } else {
            collector.cancel(op.deadline);
        }
        OperationListener listener = op.listener;
        op.listener = null;
        if (listener instanceof OperationListener.Verdict) {
            done.add(() -> {
                try {
                    listener.onComplete(result);
                } finally {
                    result.record(null); // no-op when the listener gave its verdict
                    result.listenerReturned();
                }
            });
        } else {
            // Not trimmed: a listener that gives no verdict (a future) may read the outcome's notification later.
            done.add(() -> {
                result.record(null);
                listener.onComplete(result);
            });
        }
    }

    /** A held completion's hold ends: written at {@code endNanos}, on {@code notification}. */
    private void release(PendingOperation op, long endNanos, Notification notification, boolean ambiguous,
            Completions done) {
        OperationOutcome result = op.held;
        if (result == null) {
            return;
        }
        op.held = null;
        op.heldOutcome = result;
        if (held != null) {
            held.remove(op);
        }
        if (heldUnlengthened != null && !op.lengthened) {
            heldUnlengthened.remove(op);
        }
        collector.cancel(op.deadline);
        collector.released(op);
        if (TRACE.isTraceEnabled()) {
            trace(op, "written" + (ambiguous ? ", flagged" : ""), endNanos);
        }
        if (ambiguous) {
            collector.accounting().count(Tally.AMBIGUOUS);
        } else {
            // Written unflagged: a copy of its own that comes later still flags it (in the books, not its time).
            if (released == null) {
                released = new ArrayDeque<>(4);
            }
            if (released.size() >= MAX_RELEASED) {
                released.pollFirst();
            }
            op.releasedNanos = System.nanoTime();
            released.addLast(op);
        }
        done.add(() -> result.release(endNanos, notification, ambiguous));
    }

    /**
     * The hold of every held completion ends early (its virtual user, or the run, ended): written as it was made,
     * flagged, because the copy of its own that would have shown it took another's can no longer come.
     */
    private void releaseAllHeld(Completions done) {
        if (held != null) {
            // Where the target has repeated or delayed id-less notifications, the notification held on may be
            // another's and the own one still to come: the time is the conservative one, now (worse, never
            // better). Where it never has, the time is the one it was made at; both are flagged.
            boolean repeats = targetRepeats();
            long now = System.nanoTime();
            for (PendingOperation op : new ArrayList<>(held)) {
                if (now - op.ownHoldEndNanos() >= 0) {
                    // Its own hold had run its course (only a lengthening, or a deadline about to fire, is cut):
                    // written as its own end writes it.
                    release(op, op.heldOn.nanos, op.heldOn.notification, op.heldAmbiguous, done);
                    continue;
                }
                collector.accounting().count(Tally.HELD_CUT_SHORT);
                if (TRACE.isTraceEnabled()) {
                    trace(op, "hold cut short (its user or the run ended)", now);
                }
                release(op, repeats ? Math.max(now, op.heldOn.nanos) : op.heldOn.nanos, op.heldOn.notification, true,
                        done);
            }
        }
    }

    private void endWait(Waiter w, Outcome outcome, long endNanos, Received r, String message, Completions done) {
        collector.cancel(w.deadline);
        long end = Math.max(endNanos, w.startNanos);
        WaitOutcome result = new WaitOutcome(w.spec, outcome, w.startNanos, end, r == null ? 0 : r.nanos,
                r == null ? null : r.notification, message, collector);
        if (w.listener instanceof WaitListener.Verdict) {
            done.add(() -> {
                try {
                    w.listener.onComplete(result);
                } finally {
                    result.record(null);
                }
            });
        } else {
            done.add(() -> {
                result.record(null);
                w.listener.onComplete(result);
            });
        }
    }

    /** Whether the operation's effect is shown by {@code n}: entry by entry for a transcript effect. */
    private boolean shows(PendingOperation op, Notification n) {
        Expectation.Effect effect = op.spec.expectation().effect();
        if (n.isMessageLog() && effect.perEntry() && n.data().get("messages") instanceof List<?> entries) {
            for (Object o : entries) {
                if (o instanceof Map<?, ?> entry && tester.entry(op, entry)) {
                    return true;
                }
            }
            return false;
        }
        return tester.whole(op, n);
    }

    /** Effects tested with a failure (a user's predicate that throws) counted as no match. */
    private final EffectMatcher.Tester tester = new EffectMatcher.Tester() {
        @Override
        public boolean whole(PendingOperation op, Notification n) {
            try {
                return !n.isError() && op.spec.expectation().effect().shownBy(n, op.before);
            } catch (RuntimeException e) {
                predicateFailed(n, e);
                return false;
            }
        }

        @Override
        public boolean entry(PendingOperation op, Map<?, ?> entry) {
            try {
                return op.spec.expectation().effect().shownByEntry(entry, op.before);
            } catch (RuntimeException e) {
                predicateFailed(null, e);
                return false;
            }
        }
    };

    private boolean matches(WaitSpec spec, Notification n) {
        return test(spec.matches(), n);
    }

    /** A user's predicate that throws counts as "no match" and is counted; it never breaks the tracker. */
    private boolean test(Predicate<Notification> predicate, Notification n) {
        try {
            return predicate.test(n);
        } catch (RuntimeException e) {
            predicateFailed(n, e);
            return false;
        }
    }

    private void predicateFailed(Notification n, RuntimeException e) {
        collector.accounting().count(Tally.PREDICATE_FAILURES);
        if (NotificationCollector.LOG.isDebugEnabled()) {
            NotificationCollector.LOG.debug("{}: a notification predicate failed on {}", agent, n, e);
        }
    }

    private void activate() {
        if (!active) {
            active = true;
            collector.activate(this);
        }
    }

    /**
     * After the collector dropped this tracker from its active set: if something arrived between the
     * scan and the removal, put it back, so that nothing pending is ever left unwatched.
     */
    public synchronized void reactivateIfBusy() {
        if (active) {
            collector.activate(this);
        }
    }

    private OperationTable ops() {
        if (ops == null) {
            ops = new OperationTable();
        }
        return ops;
    }

    private EarlyArrivals early() {
        if (early == null) {
            early = new EarlyArrivals();
        }
        return early;
    }

    private EndedOperations ended() {
        if (ended == null) {
            ended = new EndedOperations();
        }
        return ended;
    }

    private Waits waits() {
        if (waits == null) {
            waits = new Waits();
        }
        return waits;
    }

    private ScopeMemory scopes() {
        if (scopes == null) {
            scopes = new ScopeMemory();
        }
        return scopes;
    }

    private static String errorText(Notification n, long ref) {
        return "Error notification" + (ref >= 0 ? " for referenceId " + ref : " without referenceId") + ": "
                + (n.errorMessage() == null ? "(no errorMessage)" : n.errorMessage());
    }

    private static long millis(PendingOperation op) {
        return TimeUnit.NANOSECONDS.toMillis(op.spec.timeout().toNanos());
    }

    /** Same content on the same channel: the duplicate test. Maps hash by content. */
    private static long fingerprint(Notification n) {
        return ((long) n.data().hashCode() << 32) ^ (n.channel() == null ? 0 : n.channel().hashCode());
    }

    record Received(Notification notification, long nanos, long fingerprint) {
        /** Its interaction, the channels, or null ({@link Expectation#scopeOf}). */
        String scope() {
            return Expectation.scopeOf(notification);
        }
    }

    /** Loads the tracker's own classes of the ending path (see {@link NotificationCollector#preloadEndingPath}). */
    public static void preload() {
        new Completions().run();
        new Decision(Outcome.OK, null, CompletedBy.EFFECT, null, false, false).confirmedById();
    }

    /** What decided an operation before its HTTP answer came; applied when the answer does. */
    record Decision(Outcome outcome, Received received, CompletedBy by, String message, boolean doubtful,
            boolean ambiguous) {
        Decision confirmedById() {
            return new Decision(outcome, received, outcome.isOk() ? CompletedBy.BOTH : by, message, doubtful,
                    ambiguous);
        }

        /** The same decision, on {@code other} (a summary of what it was made on). */
        Decision on(Received other) {
            return new Decision(outcome, other, by, message, doubtful, ambiguous);
        }
    }

    static final class Waiter {
        final WaitSpec spec;
        final WaitListener listener;
        final long startNanos;
        final long deadlineNanos;
        NotificationCollector.Deadline deadline;

        Waiter(WaitSpec spec, WaitListener listener, long startNanos) {
            this.spec = spec;
            this.listener = listener;
            this.startNanos = startNanos;
            this.deadlineNanos = startNanos + spec.timeout().toNanos();
        }
    }

    /** Listener calls gathered under the lock and made after it is released. */
    private static final class Completions {
        private Runnable first;
        private List<Runnable> more;

        void add(Runnable r) {
            if (first == null) {
                first = r;
            } else {
                if (more == null) {
                    more = new ArrayList<>(2);
                }
                more.add(r);
            }
        }

        void run() {
            if (first != null) {
                safely(first);
                if (more != null) {
                    more.forEach(Completions::safely);
                }
            }
        }

        private static void safely(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException | Error e) {
                NotificationCollector.LOG.error("A completion listener failed; the operation was still counted", e);
            }
        }
    }
}
