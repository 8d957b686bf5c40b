package io.gwsload.collector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationResponse;
import io.gwsload.api.StatusCode;
import io.gwsload.client.AgentConnection;
import io.gwsload.client.AgentEvents;

/**
 * The correlation state of one agent session: its operations (in registration order, and by
 * referenceId once known), notifications that arrived with an id not yet known, recently ended
 * operations (to tell duplicates and late arrivals from unknown ids), waits by predicate, and an inbox
 * of unclaimed notifications for waits that start later.
 *
 * <p>Matching order for a notification (DESIGN §3, gws-api.md §1):
 * <ol>
 * <li>it carries the referenceId of an operation: that operation's (an {@code Error} fails it);</li>
 * <li>otherwise the oldest operation still waiting whose effect ({@link CompletionRules}) it shows, in
 *     the operation's scope (its interaction or the channels); an id it carries is then learnt, so that
 *     the operation's other notifications are follow-ups; an {@code Error} without a known id fails the
 *     oldest operation waiting in its scope;</li>
 * <li>otherwise, if it carries an id and an operation still awaits its HTTP answer (which may bring that
 *     id), it is held and matched when the answer registers the id: no fast notification is lost;</li>
 * <li>otherwise it goes to the waits and the inbox.</li>
 * </ol>
 * A notification that decides an operation before its HTTP answer is kept with it; the operation ends
 * when the answer comes, with the notification's receipt time. Every operation has its own deadline.
 *
 * <p>One lock per agent (the tracker itself), held only for map updates; listeners are told after it
 * is released. Collections are created on first use, because most of 10,000 agents are idle most
 * of the time.
 */
public final class AgentTracker implements AgentEvents {
    private final NotificationCollector collector;
    private final String agent;

    // All guarded by this.
    private List<PendingOperation> pending;
    private Map<Long, PendingOperation> byReference;
    private Map<Long, List<Received>> early;
    private LinkedHashMap<Long, Ended> recent;
    private ArrayDeque<Waiter> waiters;
    private ArrayDeque<Received> inbox;
    private int epoch;
    private boolean active;

    AgentTracker(NotificationCollector collector, String agent) {
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
            op = new PendingOperation(this, spec, listener, now, epoch);
            op.ended = true;
            op.refused = true;
            OperationOutcome result = new OperationOutcome(spec, Outcome.STOPPED, now, OperationOutcome.NONE, now, 0,
                    null, null, "the run had ended; not sent", Notification.NO_REFERENCE, null, collector);
            result.discard();
            try {
                listener.onComplete(result);
            } catch (RuntimeException | Error e) {
                NotificationCollector.LOG.error("A completion listener failed on an operation refused at the end", e);
            }
            return op;
        }
        synchronized (this) {
            op = new PendingOperation(this, spec, listener, now, epoch);
            op.deadline = collector.schedule(this, op, op.deadlineNanos);
            if (pending == null) {
                pending = new ArrayList<>(2);
            }
            pending.add(op);
            activate();
        }
        collector.accounting().sent();
        if (collector.isClosed()) {
            stop(System.nanoTime()); // the run is over: end it now rather than leave it pending forever
        }
        return op;
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
                Received hit = takeFromInbox(spec);
                if (hit != null) {
                    endWait(new Waiter(spec, listener, now), Outcome.OK, now, hit, null, done);
                } else {
                    if (waiters == null) {
                        waiters = new ArrayDeque<>(2);
                    }
                    Waiter w = new Waiter(spec, listener, now);
                    w.deadline = collector.schedule(this, w, w.deadlineNanos);
                    waiters.add(w);
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
    public java.util.concurrent.CompletableFuture<OperationOutcome> execute(AgentConnection connection,
            OperationSpec spec, String path, Operation operation) {
        java.util.concurrent.CompletableFuture<OperationOutcome> result = new java.util.concurrent.CompletableFuture<>();
        execute(connection, spec, path, operation, result::complete);
        return result;
    }

    /** A notification for this agent, {@code nanos} taken on the receiving thread before any hand-off. */
    @Override
    public void onNotification(Notification n, long nanos) {
        collector.accounting().notification();
        if (n.hasInvalidReferenceId()) {
            collector.accounting().invalidReferenceId();
        }
        // Only notifications with a referenceId are ever compared (duplicates): hash only those.
        Received r = new Received(n, nanos, n.hasReferenceId() ? fingerprint(n) : 0);
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (n.hasReferenceId()) {
                    onReferenced(r, n.referenceId(), done);
                } else {
                    onUnreferenced(r, done);
                }
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
        collector.accounting().sessionLost();
        if (NotificationCollector.LOG.isDebugEnabled()) {
            NotificationCollector.LOG.debug("{}: CometD session lost: {}", agent, reason);
        }
        long now = System.nanoTime();
        Completions done = new Completions();
        try {
            synchronized (this) {
                epoch++;
                for (PendingOperation op : snapshot()) {
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
        long now = System.nanoTime();
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (early != null && !early.isEmpty()) {
                    collector.accounting().unknown(count(early));
                    early.clear();
                }
                if (recent != null) {
                    recent.clear();
                }
                if (byReference != null) {
                    byReference.clear();
                }
                for (PendingOperation op : snapshot()) {
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
        collector.accounting().sessionLost();
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

    /** Operations registered and not yet ended; for tests and progress. */
    public synchronized int pendingOperations() {
        return pending == null ? 0 : pending.size();
    }

    // ---- called by PendingOperation ----

    void onAnswer(PendingOperation op, int status, OperationResponse response, long nanos, String failure) {
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (op.answered) {
                    return; // reported twice by a client: the first answer counts
                }
                if (op.ended) {
                    op.answered = true;
                    collector.accounting().lateHttpAnswer();
                    Long id = response == null ? null : response.referenceId();
                    if (id != null && id >= 0 && !op.hasId) {
                        // Timed out before its answer: what still comes for its id is late, not unknown.
                        op.referenceId = id;
                        op.hasId = true;
                        remember(op, true, op.deadlineNanos);
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
                        collector.accounting().disagreement();
                    } else if (op.decided != null && op.decided.by == CompletedBy.EFFECT) {
                        op.decided = op.decided.confirmedById();
                    }
                } else if (spec.awaitNotification() && spec.byReferenceId()) {
                    register(op, id, done); // may end it: a notification with this id may be held
                } else {
                    // Remembered even when no notification is awaited, so that one arriving anyway is
                    // counted as a follow-up, not as an unknown id.
                    op.referenceId = id;
                    op.hasId = true;
                }
            }
            if (op.ended) {
                // decided by a notification held for this id
            } else if (!spec.awaitNotification()) {
                end(op, Outcome.OK, nanos, null, null, CompletedBy.HTTP, done);
            } else if (op.decided != null) {
                Decision d = op.decided;
                end(op, d.outcome, d.received.nanos, d.received.notification, d.message, d.by, done);
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

    /** The deadline of an operation or a wait has passed: it ends as a timeout, unless it already ended. */
    void expire(Object subject, long now) {
        Completions done = new Completions();
        try {
            synchronized (this) {
                if (subject instanceof PendingOperation op) {
                    if (!op.ended) {
                        end(op, Outcome.TIMEOUT, now, null, timeoutMessage(op), null, done);
                    }
                } else if (subject instanceof Waiter w && waiters != null && waiters.remove(w)) {
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
    boolean housekeep(long now, CollectorSettings settings) {
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
            // such operation has its answer, nothing can claim it any more.
            long oldestUnanswered = Long.MAX_VALUE;
            boolean any = false;
            for (PendingOperation op : pending == null ? List.<PendingOperation>of() : pending) {
                if (!op.answered && (!any || op.createdNanos - oldestUnanswered < 0)) {
                    oldestUnanswered = op.createdNanos;
                    any = true;
                }
            }
            List<Received> expired = null;
            for (Iterator<List<Received>> it = early.values().iterator(); it.hasNext(); ) {
                List<Received> list = it.next();
                if (!any || list.get(list.size() - 1).nanos - oldestUnanswered < 0) {
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.addAll(list);
                    it.remove();
                }
            }
            if (expired != null) {
                collector.accounting().unknown(expired.size());
                for (Received r : expired) {
                    deliverUnclaimed(r, done); // a wait may still want it
                }
            }
        }
        if (recent != null && !recent.isEmpty()) {
            long limit = settings.recentRetention().toNanos();
            for (Iterator<Ended> it = recent.values().iterator(); it.hasNext(); ) {
                if (now - it.next().endedNanos() < limit) {
                    break; // insertion order is end order
                }
                it.remove();
            }
        }
        if (inbox != null && !inbox.isEmpty()) {
            long limit = settings.inboxTtl().toNanos();
            long expired = 0;
            while (!inbox.isEmpty() && now - inbox.peekFirst().nanos >= limit) {
                inbox.pollFirst();
                expired++;
            }
            if (expired > 0) {
                collector.accounting().inboxExpired(expired);
            }
        }
        boolean stillActive = !isEmpty(pending) || !isEmpty(byReference) || !isEmpty(waiters)
                || !isEmpty(early) || !isEmpty(recent) || !isEmpty(inbox);
        if (!stillActive) {
            active = false;
            // Give the memory back: most agents are idle most of the time.
            pending = null;
            byReference = null;
            early = null;
            recent = null;
            waiters = null;
            inbox = null;
        }
        return stillActive;
    }

    /** Ends everything still pending: the run is over. */
    void stop(long now) {
        Completions done = new Completions();
        try {
            synchronized (this) {
                for (PendingOperation op : snapshot()) {
                    end(op, Outcome.STOPPED, now, null, !op.answered ? "the run ended before the HTTP answer"
                            : "the run ended before the notification" + (op.hasId ? " for referenceId " + op.referenceId
                                    : ""), null, done);
                }
                if (waiters != null) {
                    while (!waiters.isEmpty()) {
                        endWait(waiters.pollFirst(), Outcome.STOPPED, now, null,
                                "the run ended before a notification arrived", done);
                    }
                }
            }
        } finally {
            done.run();
        }
    }

    // ---- matching, all under this ----

    private void onReferenced(Received r, long ref, Completions done) {
        PendingOperation op = byReference == null ? null : byReference.get(ref);
        if (op != null) {
            handleById(op, r, done);
            return;
        }
        Ended ended = recent == null ? null : recent.get(ref);
        if (ended != null) {
            afterEnd(ended, r, done);
            return;
        }
        // An id no operation knows: GWS may give it on the notification but not on the answer (Accept).
        Notification n = r.notification;
        if (n.isError() && anyUnanswered()) {
            // Its operation may be one whose answer will bring this id: hold it (see flushEarlyIfNobodyWaits).
            hold(ref, r);
            return;
        }
        PendingOperation owner = n.isError() ? oldestInScope(n, true) : byEffect(r, true);
        if (owner != null) {
            learn(owner, ref, r);
            if (n.isError()) {
                decide(owner, Outcome.ERROR_NOTIFICATION, r, CompletedBy.EFFECT, errorText(n, ref), done);
            } else {
                decide(owner, Outcome.OK, r, CompletedBy.EFFECT, null, done);
            }
            // Held with this id before it was known: now follow-ups (or duplicates) of the operation.
            List<Received> ahead = early == null ? null : early.remove(ref);
            if (ahead != null) {
                for (Received other : ahead) {
                    if (owner.ended) {
                        afterEnd(recent.get(ref), other, done);
                    } else {
                        handleById(owner, other, done);
                    }
                }
            }
            return;
        }
        if (anyUnanswered()) {
            hold(ref, r);
            return;
        }
        collector.accounting().unknown(1);
        if (NotificationCollector.LOG.isDebugEnabled()) {
            NotificationCollector.LOG.debug("{}: no operation has referenceId {}: {}", agent, ref, n);
        }
        deliverUnclaimed(r, done);
    }

    private void hold(long ref, Received r) {
        if (early == null) {
            early = new HashMap<>(4);
        }
        early.computeIfAbsent(ref, k -> new ArrayList<>(3)).add(r);
        activate();
    }

    private void onUnreferenced(Received r, Completions done) {
        Notification n = r.notification;
        PendingOperation owner = n.isError() ? oldestInScope(n, false) : byEffect(r, false);
        if (owner == null) {
            deliverUnclaimed(r, done);
        } else if (n.isError()) {
            decide(owner, Outcome.ERROR_NOTIFICATION, r, CompletedBy.EFFECT, errorText(n, -1), done);
        } else {
            decide(owner, Outcome.OK, r, CompletedBy.EFFECT, null, done);
        }
    }

    private void handleById(PendingOperation op, Received r, Completions done) {
        if (!op.seen.firstSight(r.fingerprint)) {
            collector.accounting().duplicate();
            return;
        }
        Notification n = r.notification;
        if (op.decided != null) {
            collector.accounting().followUp();
            deliverUnclaimed(r, done);
        } else if (n.isError()) {
            decide(op, Outcome.ERROR_NOTIFICATION, r, CompletedBy.REFERENCE_ID, errorText(n, op.referenceId), done);
        } else if (test(op.spec.completesOn(), n)) {
            CompletedBy by = CompletedBy.REFERENCE_ID;
            Expectation e = op.spec.expectation();
            if (e != null) {
                if (e.scope().equals(Expectation.scopeOf(n)) && test(e.effect(), n)) {
                    by = CompletedBy.BOTH;
                } else {
                    collector.accounting().disagreement(); // the id says done, the effect is not shown
                }
            }
            decide(op, Outcome.OK, r, by, null, done);
        } else {
            collector.accounting().followUp();
            deliverUnclaimed(r, done);
        }
    }

    /**
     * The oldest operation still waiting whose effect the notification shows. With {@code carriesId}, an
     * operation that knows its own (other) id is not a candidate. Several candidates: the oldest wins
     * (first in, first out) and the match is counted as ambiguous.
     */
    private PendingOperation byEffect(Received r, boolean carriesId) {
        if (pending == null || pending.isEmpty()) {
            return null;
        }
        Notification n = r.notification;
        String scope = null;
        PendingOperation first = null;
        for (PendingOperation op : pending) {
            if (op.ended || op.decided != null || !op.spec.awaitNotification() || !op.spec.byEffect()
                    || (carriesId && op.hasId && op.spec.byReferenceId())) {
                continue;
            }
            if (scope == null) {
                scope = Expectation.scopeOf(n);
                if (scope == null) {
                    return null;
                }
            }
            Expectation e = op.spec.expectation();
            if (e.scope().equals(scope) && test(e.effect(), n)) {
                if (first != null) {
                    collector.accounting().ambiguous();
                    break;
                }
                first = op;
            }
        }
        return first;
    }

    /** The oldest operation still waiting in the notification's scope (an Error's owner when no id says). */
    private PendingOperation oldestInScope(Notification n, boolean carriesId) {
        if (pending == null) {
            return null;
        }
        // The short documented Error form names no interaction: then any interaction operation may own it.
        String scope = Expectation.scopeOf(n);
        for (PendingOperation op : pending) {
            Expectation e = op.spec.expectation();
            if (!op.ended && op.decided == null && op.spec.awaitNotification() && e != null
                    && (scope == null ? !Expectation.CHANNELS.equals(e.scope()) : e.scope().equals(scope))
                    && !(carriesId && op.hasId && op.spec.byReferenceId())) {
                return op;
            }
        }
        return null;
    }

    /** The operation now knows its id from a notification that decided it: its siblings are follow-ups. */
    private void learn(PendingOperation op, long ref, Received r) {
        op.referenceId = ref;
        op.hasId = true;
        op.seen.firstSight(r.fingerprint);
        if (byReference == null) {
            byReference = new HashMap<>(4);
        }
        byReference.put(ref, op);
    }

    /** The notification decides the operation; it ends now, or when its HTTP answer comes. */
    private void decide(PendingOperation op, Outcome outcome, Received r, CompletedBy by, String message,
            Completions done) {
        if (op.answered) {
            end(op, outcome, r.nanos, r.notification, message, by, done);
        } else {
            op.decided = new Decision(outcome, r, by, message);
            collector.accounting().matchedEarly();
        }
    }

    private void register(PendingOperation op, long ref, Completions done) {
        if (byReference == null) {
            byReference = new HashMap<>(4);
        }
        PendingOperation displaced = byReference.get(ref);
        if (displaced != null && displaced != op) {
            end(displaced, Outcome.REFERENCE_REUSED, System.nanoTime(), null, "referenceId " + ref
                    + " was given to a later operation of the same agent before this one completed"
                    + " (GWS restarts its ids in a new session)", null, done);
        }
        if (recent != null) {
            recent.remove(ref);
        }
        op.referenceId = ref;
        op.hasId = true;
        byReference.put(ref, op);
        List<Received> ahead = early == null ? null : early.remove(ref);
        if (ahead != null) {
            for (Received r : ahead) {
                if (!op.ended) {
                    handleById(op, r, done);
                    if (op.ended) {
                        collector.accounting().matchedEarly();
                    }
                } else {
                    afterEnd(recent.get(ref), r, done);
                }
            }
        }
    }

    /** Notifications held for an operation that has now ended: follow-ups, duplicates or late ones. */
    private void settleEarly(long ref, Completions done) {
        List<Received> ahead = early == null ? null : early.remove(ref);
        if (ahead != null) {
            Ended ended = recent.get(ref);
            for (Received r : ahead) {
                afterEnd(ended, r, done);
            }
        }
    }

    /** Nobody is waiting for an answer any more: what is still held matches no operation. */
    private void flushEarlyIfNobodyWaits(Completions done) {
        if (early != null && !early.isEmpty() && !anyUnanswered()) {
            List<Received> held = new ArrayList<>();
            early.values().forEach(held::addAll);
            early.clear();
            for (Received r : held) {
                Notification n = r.notification;
                PendingOperation owner = n.isError() ? oldestInScope(n, true) : null;
                if (owner != null) {
                    // An Error whose id no answer brought: the oldest operation waiting in its scope failed.
                    learn(owner, n.referenceId(), r);
                    decide(owner, Outcome.ERROR_NOTIFICATION, r, CompletedBy.EFFECT, errorText(n, n.referenceId()),
                            done);
                    continue;
                }
                collector.accounting().unknown(1);
                if (NotificationCollector.LOG.isDebugEnabled()) {
                    NotificationCollector.LOG.debug("{}: no operation has referenceId {}: {}", agent,
                            r.notification.referenceId(), r.notification);
                }
                deliverUnclaimed(r, done);
            }
        }
    }

    private void remember(PendingOperation op, boolean timedOut, long endNanos) {
        if (recent == null) {
            recent = new LinkedHashMap<>(8);
        }
        recent.put(op.referenceId, new Ended(op.seen, timedOut, endNanos));
    }

    private void afterEnd(Ended ended, Received r, Completions done) {
        if (!ended.seen().firstSight(r.fingerprint)) {
            collector.accounting().duplicate();
        } else if (ended.timedOut()) {
            collector.accounting().late();
        } else {
            collector.accounting().followUp();
            deliverUnclaimed(r, done);
        }
    }

    private void deliverUnclaimed(Received r, Completions done) {
        dropWithdrawnOffers(r.notification);
        if (waiters != null) {
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (test(w.spec.matches(), r.notification)) {
                    it.remove();
                    endWait(w, Outcome.OK, r.nanos, r, null, done);
                    return;
                }
            }
        }
        int capacity = collector.settings().inboxCapacity();
        if (capacity == 0) {
            collector.accounting().inboxEvicted();
            return;
        }
        if (inbox == null) {
            inbox = new ArrayDeque<>(4);
        }
        if (inbox.size() >= capacity) {
            inbox.pollFirst();
            collector.accounting().inboxEvicted();
        }
        inbox.addLast(r);
        activate();
    }

    /**
     * An offer that was revoked (or otherwise ended) before anyone took it is no longer on offer: a later
     * wait for an offer must not be handed a stale one (its Accept would fail).
     */
    private void dropWithdrawnOffers(Notification n) {
        if (inbox == null || inbox.isEmpty() || !n.isStateChange()) {
            return;
        }
        String state = n.state();
        String id = n.interactionId();
        if (id == null || state == null || "Invited".equals(state)) {
            return;
        }
        boolean over = "Revoked".equals(state) || "Completed".equals(state) || "LeftChat".equals(state);
        // An ended session's arrival (a supervisor's StatusChange Chatting) is no longer one either.
        inbox.removeIf(old -> id.equals(old.notification.interactionId()) && old.notification.isStateChange()
                && ("Invited".equals(old.notification.state()) || over && "Chatting".equals(old.notification.state())));
    }

    private Received takeFromInbox(WaitSpec spec) {
        if (inbox == null) {
            return null;
        }
        for (Iterator<Received> it = inbox.iterator(); it.hasNext(); ) {
            Received r = it.next();
            if (test(spec.matches(), r.notification)) {
                it.remove();
                return r;
            }
        }
        return null;
    }

    private void end(PendingOperation op, Outcome outcome, long endNanos, Notification n, String message,
            CompletedBy by, Completions done) {
        op.ended = true;
        collector.cancel(op.deadline);
        if (pending != null) {
            pending.remove(op);
        }
        if (op.hasId && byReference != null && byReference.get(op.referenceId) == op) {
            byReference.remove(op.referenceId);
        }
        if (op.hasId) {
            remember(op, outcome == Outcome.TIMEOUT, endNanos);
        }
        OperationOutcome result = new OperationOutcome(op.spec, outcome, op.startNanos, op.httpEndNanos, endNanos,
                op.httpStatus, op.response, n, message, op.hasId ? op.referenceId : Notification.NO_REFERENCE,
                outcome.isOk() ? by : null, collector);
        if (op.listener instanceof OperationListener.Verdict) {
            done.add(() -> {
                try {
                    op.listener.onComplete(result);
                } finally {
                    result.record(null); // no-op when the listener gave its verdict
                }
            });
        } else {
            done.add(() -> {
                result.record(null);
                op.listener.onComplete(result);
            });
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

    /** A user's predicate that throws counts as "no match" and is counted; it never breaks the tracker. */
    private boolean test(Predicate<Notification> predicate, Notification n) {
        try {
            return predicate.test(n);
        } catch (RuntimeException e) {
            collector.accounting().predicateFailure();
            if (NotificationCollector.LOG.isDebugEnabled()) {
                NotificationCollector.LOG.debug("{}: a notification predicate failed on {}", agent, n, e);
            }
            return false;
        }
    }

    private boolean anyUnanswered() {
        if (pending != null) {
            for (PendingOperation op : pending) {
                if (!op.answered) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<PendingOperation> snapshot() {
        return pending == null ? List.of() : new ArrayList<>(pending);
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
    synchronized void reactivateIfBusy() {
        if (active) {
            collector.activate(this);
        }
    }

    private static String errorText(Notification n, long ref) {
        return "Error notification" + (ref >= 0 ? " for referenceId " + ref : " without referenceId") + ": "
                + (n.errorMessage() == null ? "(no errorMessage)" : n.errorMessage());
    }

    private static long count(Map<Long, List<Received>> held) {
        long count = 0;
        for (List<Received> list : held.values()) {
            count += list.size();
        }
        return count;
    }

    private static boolean isEmpty(Object collection) {
        if (collection == null) {
            return true;
        }
        if (collection instanceof java.util.Collection<?> c) {
            return c.isEmpty();
        }
        return ((Map<?, ?>) collection).isEmpty();
    }

    private static long millis(PendingOperation op) {
        return TimeUnit.NANOSECONDS.toMillis(op.spec.timeout().toNanos());
    }

    /** Same content on the same channel: the duplicate test. Maps hash by content. */
    private static long fingerprint(Notification n) {
        return ((long) n.data().hashCode() << 32) ^ (n.channel() == null ? 0 : n.channel().hashCode());
    }

    record Received(Notification notification, long nanos, long fingerprint) {
    }

    /** What decided an operation before its HTTP answer came; applied when the answer does. */
    record Decision(Outcome outcome, Received received, CompletedBy by, String message) {
        Decision confirmedById() {
            return new Decision(outcome, received, outcome.isOk() ? CompletedBy.BOTH : by, message);
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

    /** What is remembered of an ended operation: enough to classify what still arrives for it. */
    private record Ended(Fingerprints seen, boolean timedOut, long endedNanos) {
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
