package io.gwsload.gatling.action;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.collector.Outcome;
import io.gwsload.customer.CustomerChat;
import io.gwsload.customer.CustomerRuntime;
import io.gwsload.customer.SmsConversation;
import io.gwsload.customer.SmsCustomers;
import scala.Option;

/**
 * A simulated mobile customer's step (see {@code GwsDsl.sms}). On the harness's one clock:
 * <ul>
 * <li>{@link Kind#SEND}: {@code <name> SMPP}, the {@code deliver_sm} to its response, and {@code <name>}, the
 *     {@code deliver_sm} to the first agent notification holding the text (the text carries a token);</li>
 * <li>{@link Kind#AWAIT_REPLY}: {@code <name>}, from an agent's SendMessage of this run to the {@code submit_sm}
 *     that brings it to the customer's number (from the step's start for a message no agent of this run sent);</li>
 * <li>{@link Kind#END}: nothing recorded; the conversation is forgotten.</li>
 * </ul>
 */
public final class SmsAction extends GwsAction {
    /** The session attribute that holds the virtual user's SMS conversation. */
    public static final String CONVERSATION_KEY = "gwsSmsConversation";
    /** The session attribute that holds the customer's number, for the user's own use. */
    public static final String NUMBER_KEY = "gwsSmsNumber";

    public enum Kind {
        SEND, AWAIT_REPLY, END
    }

    /** What the step was built with. */
    public record Definition(String name, Kind kind, Expr<String> text, Duration timeout,
            java.util.List<io.gatling.core.check.Check<io.gwsload.api.Notification>> checks) {

        public Definition {
            checks = checks == null ? java.util.List.of() : java.util.List.copyOf(checks);
        }
    }

    /** The channel name the agents' messages checked by {@code awaitReply}'s checks are given. */
    public static final String REPLY_CHANNEL = "/customer/sms";

    private final Definition def;

    public SmsAction(Definition def, ScenarioContext ctx, Action next) {
        super(def.name(), ctx, next);
        this.def = def;
    }

    @Override
    protected void run(Session session) {
        SmsCustomers sms = components.runtime.sms();
        Option<Object> held = session.attributes().get(CONVERSATION_KEY);
        SmsConversation conversation = held.isDefined() && held.get() instanceof SmsConversation c ? c : null;
        if (conversation == null && def.kind() != Kind.SEND) {
            throw new StepNotPossible("no SMS conversation: " + name + " needs sms(...).send(...) first");
        }
        String text = def.text() == null ? null : def.text().resolve(session);
        sms.customers().stepStarted();
        switch (def.kind()) {
            case SEND -> {
                if (conversation == null) {
                    conversation = sms.open();
                    session = session.set(CONVERSATION_KEY, conversation).set(NUMBER_KEY, conversation.number())
                            .set(CustomerAction.CHAT_TOKEN_KEY, conversation.token());
                }
                send(session, sms, conversation, text);
            }
            case AWAIT_REPLY -> awaitReply(session, sms, conversation, text);
            case END -> {
                sms.close(conversation);
                long now = System.nanoTime();
                done(sms, session.remove(CONVERSATION_KEY), false, now, now);
            }
        }
    }

    private void send(Session session, SmsCustomers sms, SmsConversation conversation, String text) {
        CustomerRuntime customers = sms.customers();
        String token = customers.newToken();
        CompletableFuture<Long> seen = new CompletableFuture<>();
        customers.watchToken(token, seen::complete, conversation.token());
        sms.send(conversation, text + " " + token).whenComplete((delivered, error) -> {
            if (error != null) {
                customers.forgetToken(token);
                long now = System.nanoTime();
                String why = CustomerChat.describe(error);
                record(session, name + " SMPP", now, now, Outcome.SMPP_FAILURE, why);
                record(session, name, now, now, Outcome.SMPP_FAILURE, why);
                done(sms, session, true, now, now);
                return;
            }
            long start = delivered.startNanos();
            record(session, name + " SMPP", start, delivered.endNanos(), (Outcome) null, null);
            Duration limit = def.timeout() != null ? def.timeout() : components.runtime.config.operationTimeout();
            seen.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((at, late) -> {
                if (late == null) {
                    record(session, name, start, Math.max(start, at), (Outcome) null, null);
                    done(sms, session, false, start, at);
                } else {
                    customers.forgetToken(token);
                    long now = System.nanoTime();
                    record(session, name, start, now, Outcome.TIMEOUT, "no agent notification held the SMS within "
                            + limit.toMillis() + " ms");
                    done(sms, session, true, start, now);
                }
            });
        });
    }

    private void awaitReply(Session session, SmsCustomers sms, SmsConversation conversation, String containing) {
        long start = System.nanoTime();
        Duration limit = def.timeout() != null ? def.timeout() : components.runtime.config.awaitTimeout();
        conversation.await(t -> containing == null || t.contains(containing), containing == null ? "agent's message"
                : "agent's message containing '" + containing + "'", limit).whenComplete((reply, error) -> {
                    if (error == null) {
                        long sent = sms.agentSentAt(conversation, reply.text());
                        long from = sent != CustomerChat.NONE ? sent : start;
                        long end = Math.max(from, reply.seenNanos());
                        long truth = reply.truthNanos();
                        if (truth != CustomerChat.NONE && sent != CustomerChat.NONE) {
                            audit(conversation, truth - sent < 0 || truth - reply.seenNanos() > 0);
                        }
                        Session after = session;
                        if (!def.checks().isEmpty()) {
                            NotificationChecks.Result r = NotificationChecks.apply(def.checks(),
                                    io.gwsload.api.Notification.of(REPLY_CHANNEL, java.util.Map.of("text",
                                            reply.text(), "to", conversation.number())), session);
                            if (r.failure() != null) {
                                record(session, name, from, end, Outcome.CHECK_FAILED, r.failure());
                                done(sms, session, true, start, Math.max(start, reply.seenNanos()));
                                return;
                            }
                            after = r.session();
                        }
                        if (sent != CustomerChat.NONE || reply.seenNanos() - start >= 0) {
                            record(session, name, from, end, (Outcome) null, null);
                        } // else read before the step, and no agent of this run sent it: there is no time to give
                        done(sms, after, false, start, Math.max(start, reply.seenNanos()));
                    } else {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        long now = System.nanoTime();
                        record(session, name, start, now, cause instanceof CustomerChat.WaitTimedOut ? Outcome.TIMEOUT
                                : Outcome.CHAT_ENDED, CustomerChat.describe(error));
                        done(sms, session, true, start, now);
                    }
                });
    }

    /**
     * A timed reply checked against the simulator's truth, in the run's audit: outside [SendMessage, arrival] the
     * simulator wrote the text, the reply was timed from another SendMessage (an older one with the same text).
     */
    private void audit(SmsConversation conversation, boolean misattributed) {
        io.gwsload.collector.books.Accounting books = components.runtime.collector.accounting();
        books.count(io.gwsload.collector.books.Tally.AUDIT_CHECKED);
        if (misattributed) {
            books.count(io.gwsload.collector.books.Tally.MISATTRIBUTED);
            components.runtime.collector.misattributed(name + ": the agent's message reached "
                    + conversation.number() + " timed from a SendMessage that is not its own", false);
        }
    }

    /** Ends the step: counted in the customers' books, then on. */
    private void done(SmsCustomers sms, Session session, boolean failed, long startNanos, long endNanos) {
        sms.customers().stepEnded(!failed);
        proceed(session, failed, startNanos, endNanos);
    }
}
