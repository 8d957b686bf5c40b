package io.gwsload.customer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's simulated mobile customers: the SMSC SMS Server binds to, a number for each customer (from
 * {@link SmsSettings#firstNumber()} on), and their conversations in progress, which the agents' messages reach by
 * number. Each conversation is paired with the agents' side through the run's {@link CustomerRuntime}: its token
 * is in the text of the customer's messages (SMPP carries no user data), and the first agent notification that shows
 * it names the SMS session.
 */
public final class SmsCustomers implements AutoCloseable {
    private final CustomerRuntime customers;
    private final Smsc smsc;
    private final long firstNumber;
    private final int numberDigits;
    private final AtomicLong numbers = new AtomicLong();
    private final ConcurrentHashMap<String, SmsConversation> byNumber = new ConcurrentHashMap<>();
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong conversations = new AtomicLong();
    private volatile int openAtEnd = -1;

    private SmsCustomers(CustomerRuntime customers, SmsSettings settings) throws IOException {
        this.customers = customers;
        this.firstNumber = Long.parseLong(settings.firstNumber());
        this.numberDigits = settings.firstNumber().length();
        this.smsc = Smsc.start(settings, this::mobileTerminated);
    }

    /** Starts the SMSC; throws when its port cannot be listened on. */
    public static SmsCustomers start(CustomerRuntime customers, SmsSettings settings) throws IOException {
        return new SmsCustomers(customers, settings);
    }

    public Smsc smsc() {
        return smsc;
    }

    /** The run's customer runtime, which pairs the conversations with the agents' side. */
    public CustomerRuntime customers() {
        return customers;
    }

    /** A new customer with the next number, its conversation paired with the agents' side from now on. */
    public SmsConversation open() {
        long n = firstNumber + numbers.getAndIncrement();
        String number = String.format("%0" + numberDigits + "d", n);
        String token = customers.newChatToken();
        SmsConversation c = new SmsConversation(this, number, token);
        customers.conversationOpened(token);
        byNumber.put(number, c);
        conversations.incrementAndGet();
        return c;
    }

    /**
     * The customer texts {@code text} (it should hold a message token, see {@link CustomerRuntime#newToken()}):
     * completes when SMS Server answered the {@code deliver_sm}.
     */
    public CompletableFuture<Smsc.Delivered> send(SmsConversation c, String text) {
        return smsc.deliver(c.number(), text);
    }

    /**
     * When an agent of this run sent this text into the customer's SMS session (the oldest such not yet read), or
     * {@link CustomerChat#NONE}: unknown until an agent's notification showed one of the customer's messages.
     */
    public long agentSentAt(SmsConversation c, String text) {
        return customers.takeAgentSend(c.token(), text);
    }

    /** The customer is done: its conversation is forgotten, and a wait in progress fails. */
    public void close(SmsConversation c) {
        if (byNumber.remove(c.number(), c)) {
            customers.conversationClosed(c.token());
        }
        c.close();
    }

    /** Conversations in progress. */
    public int openConversations() {
        return byNumber.size();
    }

    private void mobileTerminated(String to, String from, String text, long nanos, long truthNanos) {
        SmsConversation c = to == null ? null : byNumber.get(to);
        if (c == null) {
            unmatched.incrementAndGet(); // a number of no customer in progress (an earlier run's, or over)
            return;
        }
        c.received(new SmsConversation.Reply(text, nanos, truthNanos));
    }

    /** The SMS side's figures for the run's summary. */
    public Map<String, Object> books() {
        Map<String, Object> m = smsc.books();
        m.put("conversations", conversations.get());
        m.put("conversationsOpenAtEnd", openAtEnd < 0 ? byNumber.size() : openAtEnd);
        m.put("unmatchedReplies", unmatched.get());
        return m;
    }

    /** Ends every conversation (waits in progress fail) and closes the SMSC. */
    @Override
    public void close() {
        openAtEnd = byNumber.size();
        for (SmsConversation c : new ArrayList<>(byNumber.values())) {
            close(c);
        }
        smsc.close();
    }
}
