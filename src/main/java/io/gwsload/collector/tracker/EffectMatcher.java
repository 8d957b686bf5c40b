package io.gwsload.collector.tracker;

import io.gwsload.collector.Expectation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

import io.gwsload.api.Notification;

/**
 * Which waiting operations one notification completes by effect: each operation whose effect it shows, as a
 * change from what its agent knew when the operation was registered. A MessageLogUpdated is read entry by
 * entry, so that one carrying the entries of several operations completes each of them; one entry (or one
 * state change) completes at most one operation of the same kind, the oldest (a first-in, first-out tie,
 * counted). Pure: no state of its own, tested from tables.
 */
public final class EffectMatcher {
    private EffectMatcher() {
    }

    /** What one notification completes, and how many first-in, first-out ties it took to decide. */
    public record Result(List<PendingOperation> completed, int fifoTies) {
    }

    /**
     * @param n          a notification of the candidates' scope (not an Error)
     * @param candidates operations waiting for their effect in that scope, oldest first
     * @param shows      tests an effect (and counts a predicate that throws as no match)
     */
    public static Result match(Notification n, List<PendingOperation> candidates, Tester shows) {
        if (candidates.isEmpty()) {
            return new Result(List.of(), 0);
        }
        List<PendingOperation> completed = new ArrayList<>(1);
        int ties = 0;
        if (n.isMessageLog() && n.data().get("messages") instanceof List<?> entries) {
            for (Object o : entries) {
                if (!(o instanceof Map<?, ?> entry)) {
                    continue;
                }
                PendingOperation taker = null;
                for (PendingOperation op : candidates) {
                    Expectation.Effect effect = op.spec.expectation().effect();
                    if (!effect.perEntry() || completed.contains(op) || !shows.entry(op, entry)) {
                        continue;
                    }
                    if (taker == null) {
                        taker = op;
                    } else if (sameKind(taker, op)) {
                        ties++;
                    }
                }
                if (taker != null) {
                    completed.add(taker);
                }
            }
        }
        // Whole-notification effects (every notification but the entries of a transcript).
        List<PendingOperation> kinds = new ArrayList<>(1);
        for (PendingOperation op : candidates) {
            Expectation.Effect effect = op.spec.expectation().effect();
            if (completed.contains(op) || n.isMessageLog() && effect.perEntry() || !shows.whole(op, n)) {
                continue;
            }
            PendingOperation same = null;
            for (PendingOperation k : kinds) {
                if (sameKind(k, op)) {
                    same = k;
                }
            }
            if (same != null) {
                ties++; // the oldest of the kind took it
            } else {
                kinds.add(op);
                completed.add(op);
            }
        }
        return new Result(completed, ties);
    }

    /** Two operations one notification cannot both be completed by: the same request and the same effect. */
    private static boolean sameKind(PendingOperation a, PendingOperation b) {
        return a.spec.notifiedName().equals(b.spec.notifiedName())
                && a.spec.expectation().description().equals(b.spec.expectation().description());
    }

    /** How an effect is tested: the tracker counts a predicate that throws as no match. */
    public interface Tester {
        boolean whole(PendingOperation op, Notification n);

        boolean entry(PendingOperation op, Map<?, ?> entry);
    }

    /** A tester straight from the effects (no failure counting), for tables of cases. */
    static Tester direct() {
        return new Tester() {
            @Override
            public boolean whole(PendingOperation op, Notification n) {
                return op.spec.expectation().effect().shownBy(n, op.before);
            }

            @Override
            public boolean entry(PendingOperation op, Map<?, ?> entry) {
                return op.spec.expectation().effect().shownByEntry(entry, op.before);
            }
        };
    }

    static BiPredicate<PendingOperation, Notification> showsWhole(Tester t) {
        return t::whole;
    }
}
