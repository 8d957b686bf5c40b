package io.gwsload.customer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One simulated mobile customer's SMS conversation: its number, the token that pairs it with the agents' side, and
 * the agents' messages that reached the number and were not read yet. One wait at a time (a virtual user's steps run
 * one after the other).
 */
public final class SmsConversation {
    /** Agents' messages kept unread at most (the oldest go first). */
    private static final int MAX_UNREAD = 64;

    /** An agent's message as the mobile got it: its text, when the SMSC received it, the simulator's truth or NONE. */
    public record Reply(String text, long seenNanos, long truthNanos) {
    }

    private final SmsCustomers owner;
    private final String number;
    private final String token;
    private final ArrayDeque<Reply> unread = new ArrayDeque<>(2);
    private Waiter waiter;
    private boolean closed;

    private record Waiter(Predicate<String> accepts, CompletableFuture<Reply> result, ScheduledFuture<?> timer) {
    }

    SmsConversation(SmsCustomers owner, String number, String token) {
        this.owner = owner;
        this.number = number;
        this.token = token;
    }

    /** The customer's number. */
    public String number() {
        return number;
    }

    /** The token that pairs the conversation with the agents' side (it is in the first message's text). */
    public String token() {
        return token;
    }

    /** An agent's message reached the number. */
    void received(Reply reply) {
        CompletableFuture<Reply> done = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (waiter != null && waiter.accepts.test(reply.text())) {
                done = waiter.result;
                waiter.timer.cancel(false);
                waiter = null;
            } else {
                if (unread.size() >= MAX_UNREAD) {
                    unread.pollFirst();
                }
                unread.addLast(reply);
            }
        }
        if (done != null) {
            done.complete(reply);
        }
    }

    /**
     * The next agent's message whose text {@code accepts}, read before (the oldest such) or when it comes; fails
     * with {@link CustomerChat.WaitTimedOut} after {@code timeout}, and with {@link CustomerChat.ChatEnded} when the run
     * ends first.
     */
    public CompletableFuture<Reply> await(Predicate<String> accepts, String what, Duration timeout) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                result.completeExceptionally(new CustomerChat.ChatEnded("the SMS conversation of " + number
                        + " is over"));
                return result;
            }
            for (java.util.Iterator<Reply> it = unread.iterator(); it.hasNext();) {
                Reply r = it.next();
                if (accepts.test(r.text())) {
                    it.remove();
                    result.complete(r);
                    return result;
                }
            }
            if (waiter != null) {
                throw new IllegalStateException("an SMS step waits already for " + number);
            }
            ScheduledFuture<?> timer = owner.customers().scheduler.schedule(() -> timedOut(result, what, timeout),
                    timeout.toMillis(), TimeUnit.MILLISECONDS);
            waiter = new Waiter(accepts, result, timer);
        }
        return result;
    }

    private void timedOut(CompletableFuture<Reply> result, String what, Duration timeout) {
        synchronized (this) {
            if (waiter == null || waiter.result != result) {
                return;
            }
            waiter = null;
        }
        result.completeExceptionally(new CustomerChat.WaitTimedOut("no " + what + " reached " + number + " within "
                + timeout.toMillis() + " ms"));
    }

    /** The conversation is over: a wait in progress fails. */
    void close() {
        Waiter w;
        synchronized (this) {
            closed = true;
            w = waiter;
            waiter = null;
            unread.clear();
        }
        if (w != null) {
            w.timer.cancel(false);
            w.result.completeExceptionally(new CustomerChat.ChatEnded("the run ended before " + number
                    + " got an agent's message"));
        }
    }
}
