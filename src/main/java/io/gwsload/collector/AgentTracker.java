package io.gwsload.collector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gwsload.api.Notification;
import io.gwsload.api.OperationResponse;
import io.gwsload.api.StatusCode;

/**
 * The correlation state of one agent session: its operations by referenceId, the notifications
 * that arrived ahead of their operation's HTTP answer, recently ended operations (to tell
 * duplicates and late arrivals from unknown ids), waits by predicate, and an inbox of unclaimed
 * notifications for waits that start later.
 *
 * <p>A referenceId is only known once the HTTP answer is read, and GWS may publish the notification
 * first. So while any operation of the agent awaits its answer, a notification with an unregistered
 * referenceId is held in a short-lived buffer and matched when the answer registers the id: no
 * fast notification is lost to that race.
 *
 * <p>One lock per agent (the tracker itself), held only for map updates; listeners are told after it
 * is released. Collections are created on first use, because most of 10,000 agents are idle most
 * of the time.
 */
public final class AgentTracker {
    private final NotificationCollector collector;
    private final String agent;

    // All guarded by this.
    private List<PendingOperation> unanswered;
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
        synchronized (this) {
            op = new PendingOperation(this, spec, listener, now, epoch);
            op.deadline = collector.schedule(this, op.deadlineNanos);
            if (unanswered == null) {
                unanswered = new ArrayList<>(2);
            }
            unanswered.add(op);
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
        synchronized (this) {
            Received hit = takeFromInbox(spec);
            if (hit != null) {
                endWait(new Waiter(spec, listener, now), Outcome.OK, now, hit, null, done);
            } else {
                if (waiters == null) {
                    waiters = new ArrayDeque<>(2);
                }
                Waiter w = new Waiter(spec, listener, now);
                w.deadline = collector.schedule(this, w.deadlineNanos);
                waiters.add(w);
                activate();
            }
        }
        done.run();
        if (collector.isClosed()) {
            stop(System.nanoTime());
        }
    }

    /** A notification for this agent, {@code nanos} taken on the receiving thread before any hand-off. */
    public void onNotification(Notification n, long nanos) {
        collector.accounting().notification();
        // Only notifications with a referenceId are ever compared (duplicates): hash only those.
        Received r = new Received(n, nanos, n.hasReferenceId() ? fingerprint(n) : 0);
        Completions done = new Completions();
        synchronized (this) {
            if (!n.hasReferenceId()) {
                deliverUnclaimed(r, done);
            } else {
                long ref = n.referenceId();
                PendingOperation op = byReference == null ? null : byReference.get(ref);
                if (op != null) {
                    handle(op, r, done);
                } else {
                    Ended ended = recent == null ? null : recent.get(ref);
                    if (ended != null) {
                        afterEnd(ended, r, done);
                    } else if (unanswered != null && !unanswered.isEmpty()) {
                        if (early == null) {
                            early = new HashMap<>(4);
                        }
                        early.computeIfAbsent(ref, k -> new ArrayList<>(3)).add(r);
                        activate();
                    } else {
                        collector.accounting().unknown(1);
                        if (NotificationCollector.LOG.isDebugEnabled()) {
                            NotificationCollector.LOG.debug("{}: no operation has referenceId {}: {}", agent, ref, n);
                        }
                    }
                }
            }
        }
        done.run();
    }

    /**
     * The agent's CometD session was lost and a new one made: notifications published in between are
     * gone, so every operation still waiting for one ends as "session lost", and so will those whose
     * HTTP answer is still to come. Waits by predicate go on (offers keep coming on the new session).
     */
    public void onSessionLost(String reason) {
        collector.accounting().sessionLost();
        long now = System.nanoTime();
        Completions done = new Completions();
        synchronized (this) {
            epoch++;
            if (byReference != null) {
                for (PendingOperation op : new ArrayList<>(byReference.values())) {
                    end(op, Outcome.SESSION_LOST, now, null, "CometD session lost (" + reason
                            + ") before the notification for referenceId " + op.referenceId + " arrived", done);
                }
            }
        }
        done.run();
    }

    /** Operations registered and not yet ended; for tests and progress. */
    public synchronized int pendingOperations() {
        return (unanswered == null ? 0 : unanswered.size()) + (byReference == null ? 0 : byReference.size());
    }

    // ---- called by PendingOperation ----

    void onAnswer(PendingOperation op, int status, OperationResponse response, long nanos, String failure) {
        Completions done = new Completions();
        synchronized (this) {
            if (op.ended) {
                collector.accounting().lateHttpAnswer();
                if (response != null && response.referenceId() != null && op.referenceId < 0) {
                    // Timed out before its answer: what still comes for its id is late, not unknown.
                    op.referenceId = response.referenceId();
                    remember(op, true, op.deadlineNanos);
                    settleEarly(op.referenceId, done);
                }
                flushEarlyIfNobodyWaits();
            } else {
                answered(op, status, response, nanos, failure, done);
            }
        }
        done.run();
    }

    private void answered(PendingOperation op, int status, OperationResponse response, long nanos, String failure,
            Completions done) {
        unanswered.remove(op);
        op.httpStatus = status;
        op.response = response;
        if (failure == null) {
            op.httpEndNanos = nanos;
        }
        OperationSpec spec = op.spec;
        if (failure != null) {
            end(op, Outcome.HTTP_FAILURE, nanos, null, failure, done);
        } else if (status != 200) {
            String detail = response != null && response.statusMessage() != null
                    ? ": " + response.statusMessage() : "";
            end(op, Outcome.HTTP_STATUS, nanos, null, "HTTP " + status + detail, done);
        } else if (response == null) {
            end(op, Outcome.HTTP_FAILURE, nanos, null, "HTTP 200 without a GWS JSON body", done);
        } else if (!response.isSuccess()) {
            end(op, Outcome.STATUS_CODE, nanos, null, "statusCode " + response.code() + " ("
                    + StatusCode.describe(response.code()) + ")"
                    + (response.statusMessage() != null ? ": " + response.statusMessage() : ""), done);
        } else {
            collector.latencies().stats(spec.httpName()).recordOk((nanos - op.startNanos) / 1_000);
            op.httpRecorded = true;
            if (response.referenceId() != null) {
                // Remembered even when no notification is awaited, so that one arriving anyway is
                // counted as a follow-up, not as an unknown id.
                op.referenceId = response.referenceId();
            }
            if (!spec.awaitNotification()) {
                end(op, Outcome.OK, nanos, null, null, done);
            } else if (response.referenceId() == null) {
                end(op, Outcome.NO_REFERENCE_ID, nanos, null,
                        "the HTTP answer carried no referenceId, so no notification can be matched to it", done);
            } else if (op.epoch != epoch) {
                end(op, Outcome.SESSION_LOST, nanos, null, "CometD session lost before the notification for "
                        + "referenceId " + response.referenceId() + " could arrive", done);
            } else {
                register(op, response.referenceId(), done);
            }
        }
        if (op.ended && op.referenceId >= 0) {
            settleEarly(op.referenceId, done); // e.g. an HTTP-only operation that notifies anyway
        }
        flushEarlyIfNobodyWaits();
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
    private void flushEarlyIfNobodyWaits() {
        if (early != null && !early.isEmpty() && (unanswered == null || unanswered.isEmpty())) {
            long count = 0;
            for (Map.Entry<Long, List<Received>> e : early.entrySet()) {
                count += e.getValue().size();
                if (NotificationCollector.LOG.isDebugEnabled()) {
                    NotificationCollector.LOG.debug("{}: no operation has referenceId {}: {}", agent, e.getKey(),
                            e.getValue().get(0).notification);
                }
            }
            early.clear();
            collector.accounting().unknown(count);
        }
    }

    // ---- called by the collector ----

    /** Ends the operations and waits whose deadline has passed. */
    void expire(long now) {
        Completions done = new Completions();
        synchronized (this) {
            if (unanswered != null && !unanswered.isEmpty()) {
                for (PendingOperation op : new ArrayList<>(unanswered)) {
                    if (now - op.deadlineNanos >= 0) {
                        end(op, Outcome.TIMEOUT, now, null, "no HTTP answer within " + millis(op) + " ms", done);
                    }
                }
            }
            if (byReference != null && !byReference.isEmpty()) {
                List<PendingOperation> overdue = null;
                for (PendingOperation op : byReference.values()) {
                    if (now - op.deadlineNanos >= 0) {
                        if (overdue == null) {
                            overdue = new ArrayList<>();
                        }
                        overdue.add(op);
                    }
                }
                if (overdue != null) {
                    for (PendingOperation op : overdue) {
                        end(op, Outcome.TIMEOUT, now, null, "no " + op.spec.completesOnDescription()
                                + " for referenceId " + op.referenceId + " within " + millis(op) + " ms", done);
                    }
                }
            }
            if (waiters != null && !waiters.isEmpty()) {
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (now - w.deadlineNanos >= 0) {
                        it.remove();
                        endWait(w, Outcome.TIMEOUT, now, null, "no " + w.spec.description() + " within "
                                + w.spec.timeout().toMillis() + " ms", done);
                    }
                }
            }
        }
        done.run();
    }

    /** Forgets what is old; returns false when nothing is left to watch. */
    boolean housekeep(long now, CollectorSettings settings) {
        synchronized (this) {
            if (early != null && !early.isEmpty()) {
                long limit = settings.earlyRetention().toNanos();
                long expired = 0;
                for (Iterator<List<Received>> it = early.values().iterator(); it.hasNext(); ) {
                    List<Received> list = it.next();
                    if (now - list.get(0).nanos >= limit) {
                        expired += list.size();
                        it.remove();
                    }
                }
                if (expired > 0) {
                    collector.accounting().unknown(expired);
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
            boolean stillActive = !isEmpty(unanswered) || !isEmpty(byReference) || !isEmpty(waiters)
                    || !isEmpty(early) || !isEmpty(recent) || !isEmpty(inbox);
            if (!stillActive) {
                active = false;
                // Give the memory back: most agents are idle most of the time.
                unanswered = null;
                byReference = null;
                early = null;
                recent = null;
                waiters = null;
                inbox = null;
            }
            return stillActive;
        }
    }

    /** Ends everything still pending: the run is over. */
    void stop(long now) {
        Completions done = new Completions();
        synchronized (this) {
            if (unanswered != null) {
                for (PendingOperation op : new ArrayList<>(unanswered)) {
                    end(op, Outcome.STOPPED, now, null, "the run ended before the HTTP answer", done);
                }
            }
            if (byReference != null) {
                for (PendingOperation op : new ArrayList<>(byReference.values())) {
                    end(op, Outcome.STOPPED, now, null, "the run ended before the notification for referenceId "
                            + op.referenceId, done);
                }
            }
            if (waiters != null) {
                while (!waiters.isEmpty()) {
                    endWait(waiters.pollFirst(), Outcome.STOPPED, now, null,
                            "the run ended before a notification arrived", done);
                }
            }
        }
        done.run();
    }

    // ---- internals, all under this ----

    private void register(PendingOperation op, long ref, Completions done) {
        op.referenceId = ref;
        if (byReference == null) {
            byReference = new HashMap<>(4);
        }
        byReference.put(ref, op);
        List<Received> ahead = early == null ? null : early.remove(ref);
        if (ahead != null) {
            for (Received r : ahead) {
                if (!op.ended) {
                    handle(op, r, done);
                    if (op.ended) {
                        collector.accounting().matchedEarly();
                    }
                } else {
                    afterEnd(recent.get(ref), r, done);
                }
            }
        }
    }

    private void remember(PendingOperation op, boolean timedOut, long endNanos) {
        if (recent == null) {
            recent = new LinkedHashMap<>(8);
        }
        recent.put(op.referenceId, new Ended(op.seen, timedOut, endNanos));
    }

    private void handle(PendingOperation op, Received r, Completions done) {
        if (!op.seen.firstSight(r.fingerprint)) {
            collector.accounting().duplicate();
            return;
        }
        Notification n = r.notification;
        if (n.isError()) {
            end(op, Outcome.ERROR_NOTIFICATION, r.nanos, n, "Error notification for referenceId " + op.referenceId
                    + ": " + (n.errorMessage() == null ? "(no errorMessage)" : n.errorMessage()), done);
        } else if (op.spec.completesOn().test(n)) {
            end(op, Outcome.OK, r.nanos, n, null, done);
        } else {
            collector.accounting().followUp();
            deliverUnclaimed(r, done);
        }
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
                if (w.spec.matches().test(r.notification)) {
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
        inbox.removeIf(old -> "Invited".equals(old.notification.state())
                && id.equals(old.notification.interactionId()));
    }

    private Received takeFromInbox(WaitSpec spec) {
        if (inbox == null) {
            return null;
        }
        for (Iterator<Received> it = inbox.iterator(); it.hasNext(); ) {
            Received r = it.next();
            if (spec.matches().test(r.notification)) {
                it.remove();
                return r;
            }
        }
        return null;
    }

    private void end(PendingOperation op, Outcome outcome, long endNanos, Notification n, String message,
            Completions done) {
        op.ended = true;
        collector.cancel(op.deadline);
        if (unanswered != null) {
            unanswered.remove(op);
        }
        if (op.referenceId >= 0 && byReference != null) {
            byReference.remove(op.referenceId);
        }
        if (op.referenceId >= 0) {
            remember(op, outcome == Outcome.TIMEOUT, endNanos);
        }
        collector.accounting().ended(outcome);
        OperationSpec spec = op.spec;
        if (!op.httpRecorded) {
            collector.latencies().stats(spec.httpName()).recordKo(outcome, message);
        }
        if (spec.awaitNotification()) {
            LatencyStats stats = collector.latencies().stats(spec.notifiedName());
            if (outcome.isOk()) {
                stats.recordOk((endNanos - op.startNanos) / 1_000);
            } else {
                stats.recordKo(outcome, message);
            }
        }
        OperationOutcome result = new OperationOutcome(spec, outcome, op.startNanos, op.httpEndNanos, endNanos,
                op.httpStatus, op.response, n, message);
        done.add(() -> op.listener.onComplete(result));
    }

    private void endWait(Waiter w, Outcome outcome, long endNanos, Received r, String message, Completions done) {
        collector.cancel(w.deadline);
        long end = Math.max(endNanos, w.startNanos);
        if (outcome == Outcome.TIMEOUT && w.spec.optional()) {
            collector.accounting().waitUnfilled();
        } else {
            collector.accounting().waitEnded(outcome);
            LatencyStats stats = collector.latencies().stats(w.spec.name());
            if (outcome.isOk()) {
                stats.recordOk((end - w.startNanos) / 1_000);
            } else {
                stats.recordKo(outcome, message);
            }
        }
        WaitOutcome result = new WaitOutcome(w.spec, outcome, w.startNanos, end, r == null ? 0 : r.nanos,
                r == null ? null : r.notification, message);
        done.add(() -> w.listener.onComplete(result));
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

    private record Received(Notification notification, long nanos, long fingerprint) {
    }

    private static final class Waiter {
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
