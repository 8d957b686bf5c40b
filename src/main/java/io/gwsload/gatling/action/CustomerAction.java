package io.gwsload.gatling.action;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.collector.Outcome;
import io.gwsload.customer.CustomerChat;
import io.gwsload.customer.CustomerRuntime;
import io.gwsload.customer.TranscriptEntry;
import scala.Option;

/**
 * A simulated customer's step on the GMS Chat API (see {@code GwsDsl.customer}). Each kind records what the
 * customer experiences, on the harness's one clock:
 * <ul>
 * <li>{@link Kind#REQUEST_CHAT}: {@code <name>}, Request Chat to its answer with a chatId;</li>
 * <li>{@link Kind#AWAIT_AGENT}: {@code <name>}, from Request Chat to the poll that shows an agent joined (time to
 *     answer as the customer sees it);</li>
 * <li>{@link Kind#SEND}: {@code <name> HTTP}, the send call, and, once an agent is in the chat, {@code <name>},
 *     from the send to the first agent notification that holds the message (the message carries a token);</li>
 * <li>{@link Kind#AWAIT_MESSAGE}: {@code <name>}, from an agent's SendMessage of this run to the poll that shows
 *     it to the customer (a message no agent of this run sent is timed from the step's start);</li>
 * <li>{@link Kind#DISCONNECT}: {@code <name> HTTP}, the disconnect call, and, while an agent is in the chat,
 *     {@code <name>}: from the call to the first agent notification that shows the customer leaving;</li>
 * <li>{@link Kind#AWAIT_END}: {@code <name>}, from the last Complete or Leave of an agent of this run in the chat
 *     to the poll that shows the last agent leaving or the chat ended (from the step's start if none).</li>
 * </ul>
 */
public final class CustomerAction extends GwsAction {
    /** The session attribute that holds the virtual user's chat. */
    public static final String CHAT_KEY = "gwsCustomerChat";
    /** The session attribute that holds the chat's id, for the user's own use (e.g. in a check). */
    public static final String CHAT_ID_KEY = "gwsChatId";
    /**
     * The session attribute that holds the chat's token (its user data {@value CustomerChat#TOKEN_KEY}): a
     * customer's after Request Chat, an agent's after an offer that carries one.
     */
    public static final String CHAT_TOKEN_KEY = "gwsChatToken";

    public enum Kind {
        REQUEST_CHAT, AWAIT_AGENT, SEND, TYPING, STOP_TYPING, AWAIT_MESSAGE, DISCONNECT, AWAIT_END
    }

    /** What the step was built with. */
    public record Definition(String name, Kind kind, Expr<String> service, Expr<String> nickname,
            Map<String, Expr<String>> userData, Expr<String> text, Duration timeout,
            java.util.List<io.gatling.core.check.Check<io.gwsload.api.Notification>> checks) {

        public Definition {
            checks = checks == null ? java.util.List.of() : java.util.List.copyOf(checks);
        }

        /** Without checks. */
        public Definition(String name, Kind kind, Expr<String> service, Expr<String> nickname,
                Map<String, Expr<String>> userData, Expr<String> text, Duration timeout) {
            this(name, kind, service, nickname, userData, text, timeout, java.util.List.of());
        }
    }

    /** The channel name the transcript entries checked by a step's checks are given. */
    public static final String ENTRY_CHANNEL = "/customer/transcript";

    /**
     * Runs the step's checks on the entry it waited for: the session with what they saved, or null after recording
     * the step KO ({@code check failed}) from {@code from} to {@code at}.
     */
    private Session checked(Session session, TranscriptEntry entry, long from, long at) {
        if (def.checks().isEmpty()) {
            return session;
        }
        // A chat GMS ended (chatEnded) has no entry to show: the checks see {"type": "chatEnded"}, so that one
        // that looks for an entry's field fails instead of passing with nothing saved.
        Map<String, Object> json = entry != null ? entry.toMap() : Map.of("type", "chatEnded");
        NotificationChecks.Result r = NotificationChecks.apply(def.checks(),
                io.gwsload.api.Notification.of(ENTRY_CHANNEL, json), session);
        if (r.failure() == null) {
            return r.session();
        }
        record(session, name, from, Math.max(from, at), Outcome.CHECK_FAILED, r.failure());
        done(session, true, from, Math.max(from, at));
        return null;
    }

    private final Definition def;

    public CustomerAction(Definition def, ScenarioContext ctx, Action next) {
        super(def.name(), ctx, next);
        this.def = def;
    }

    @Override
    protected void run(Session session) {
        components.runtime.customers().stepStarted();
        switch (def.kind()) {
            case REQUEST_CHAT -> requestChat(session);
            case AWAIT_AGENT -> awaitAgent(session, chat(session));
            case SEND -> send(session, chat(session));
            case AWAIT_MESSAGE -> awaitMessage(session, chat(session));
            case DISCONNECT -> disconnect(session, chat(session));
            case AWAIT_END -> awaitEnd(session, chat(session));
            case TYPING -> typing(session, chat(session), true);
            case STOP_TYPING -> typing(session, chat(session), false);
        }
    }

    private void requestChat(Session session) {
        CustomerRuntime customers = components.runtime.customers();
        String service = def.service() == null ? customers.settings().service() : def.service().resolve(session);
        String nickname = def.nickname() == null ? "Customer " + session.userId() : def.nickname().resolve(session);
        Map<String, String> userData = new LinkedHashMap<>();
        def.userData().forEach((k, v) -> userData.put(k, v.resolve(session)));
        String text = def.text() == null ? null : def.text().resolve(session);
        long start = System.nanoTime();
        customers.requestChat(service, nickname, userData, text).whenComplete((opened, error) -> {
            if (error == null) {
                record(session, name, opened.startNanos(), opened.endNanos(), (Outcome) null, null);
                done(session.set(CHAT_KEY, opened.chat()).set(CHAT_ID_KEY, opened.chat().chatId())
                        .set(CHAT_TOKEN_KEY, opened.chat().token()), false,
                        opened.startNanos(), opened.endNanos());
            } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                CustomerChat.Call call = cause instanceof CustomerChat.CallFailed f ? f.call() : null;
                long end = call != null ? call.endNanos() : System.nanoTime();
                record(session, name, start, end, call != null ? outcome(call) : Outcome.HTTP_FAILURE,
                        CustomerChat.describe(error));
                done(session, true, start, end);
            }
        });
    }

    private void awaitAgent(Session session, CustomerChat chat) {
        long start = System.nanoTime();
        chat.await(e -> "ParticipantJoined".equals(e.type()) && e.fromAgent(), false, "agent joining the chat",
                timeout(components.runtime.config.awaitTimeout())).whenComplete((entry, error) -> {
                    if (error == null) {
                        Session after = checked(session, entry, chat.requestedNanos(), entry.seenNanos());
                        if (after == null) {
                            return;
                        }
                        record(session, name, chat.requestedNanos(), entry.seenNanos(), (Outcome) null, null);
                        polled(chat, chat.requestedNanos(), entry);
                        done(after, false, start, entry.seenNanos());
                    } else {
                        fail(session, start, error);
                    }
                });
    }

    private void send(Session session, CustomerChat chat) {
        CustomerRuntime customers = chat.runtime();
        String text = def.text().resolve(session);
        // Timed to an agent only once one is in the chat: before that, the message waits for routing.
        boolean toAgent = chat.agentPresent() && chat.endedBecause() == null;
        String token = customers.newToken();
        java.util.concurrent.CompletableFuture<Long> seen = new java.util.concurrent.CompletableFuture<>();
        if (toAgent) {
            customers.watchToken(token, seen::complete);
        }
        String httpName = name + " HTTP";
        chat.send(text + " " + token).whenComplete((call, error) -> {
            String failure = error != null ? CustomerChat.describe(error) : call.failure();
            long start = call == null ? System.nanoTime() : call.startNanos();
            long end = call == null ? start : call.endNanos();
            Outcome ko = failure == null ? null : call == null ? Outcome.HTTP_FAILURE : outcome(call);
            record(session, httpName, start, end, ko, failure);
            if (!toAgent) {
                done(session, failure != null, start, end);
                return;
            }
            if (failure != null) {
                customers.forgetToken(token);
                record(session, name, start, end, ko, failure);
                done(session, true, start, end);
                return;
            }
            Duration limit = timeout(components.runtime.config.operationTimeout());
            seen.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((at, late) -> {
                if (late == null) {
                    record(session, name, start, at, (Outcome) null, null);
                    done(session, false, start, at);
                } else {
                    customers.forgetToken(token);
                    long now = System.nanoTime();
                    record(session, name, start, now, Outcome.TIMEOUT, "no agent notification held the message within "
                            + limit.toMillis() + " ms");
                    done(session, true, start, now);
                }
            });
        });
    }

    private void typing(Session session, CustomerChat chat, boolean started) {
        chat.typing(started).whenComplete((call, error) -> callDone(session, session, call, error));
    }

    /** A step that is one call: recorded as {@code <name>}, then the user goes on ({@code next} its session). */
    private void callDone(Session session, Session next, CustomerChat.Call call, Throwable error) {
        String failure = error != null ? CustomerChat.describe(error) : call.failure();
        long start = call == null ? System.nanoTime() : call.startNanos();
        long end = call == null ? start : call.endNanos();
        record(session, name, start, end, failure == null ? null : call == null ? Outcome.HTTP_FAILURE
                : outcome(call), failure);
        done(next, failure != null, start, end);
    }

    private void awaitMessage(Session session, CustomerChat chat) {
        long start = System.nanoTime();
        String containing = def.text() == null ? null : def.text().resolve(session);
        Predicate<TranscriptEntry> agentMessage = e -> e.isMessage() && e.fromAgent()
                && (containing == null || e.text() != null && e.text().contains(containing));
        chat.await(agentMessage, true, containing == null ? "agent's message" : "agent's message containing '"
                + containing + "'", timeout(components.runtime.config.awaitTimeout()))
                .whenComplete((entry, error) -> {
                    if (error == null) {
                        long sent = chat.agentSentAt(entry);
                        long from = sent != CustomerChat.NONE ? sent : start;
                        Session after = checked(session, entry, from, entry.seenNanos());
                        if (after == null) {
                            return;
                        }
                        record(session, name, from, Math.max(from, entry.seenNanos()), (Outcome) null, null);
                        polled(chat, from, entry);
                        done(after, false, start, entry.seenNanos());
                    } else {
                        fail(session, start, error);
                    }
                });
    }

    private void disconnect(Session session, CustomerChat chat) {
        CustomerRuntime customers = chat.runtime();
        // Timed to an agent only while one is in the chat: otherwise no agent is there to see it.
        String chatId = chat.chatId();
        boolean toAgent = chat.agentPresent() && chat.endedBecause() == null && chatId != null;
        java.util.concurrent.CompletableFuture<Long> seen = new java.util.concurrent.CompletableFuture<>();
        if (toAgent) {
            toAgent = customers.watchLeaving(chat.token(), seen::complete, () -> seen.complete(NO_AGENT));
            if (toAgent && chat.endedBecause() != null) { // the chat ended meanwhile: no agent to see it
                customers.forgetLeaving(chat.token());
                toAgent = false;
            }
        }
        boolean timed = toAgent;
        Session after = session.remove(CHAT_KEY);
        chat.disconnect().whenComplete((call, error) -> {
            String failure = error != null ? CustomerChat.describe(error) : call.failure();
            long start = call == null ? System.nanoTime() : call.startNanos();
            long end = call == null ? start : call.endNanos();
            Outcome ko = failure == null ? null : call == null ? Outcome.HTTP_FAILURE : outcome(call);
            record(session, name + " HTTP", start, end, ko, failure);
            if (!timed) {
                done(after, failure != null, start, end);
                return;
            }
            if (failure != null) {
                customers.forgetLeaving(chat.token());
                record(session, name, start, end, ko, failure);
                done(after, true, start, end);
                return;
            }
            Duration limit = timeout(components.runtime.config.operationTimeout());
            seen.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).whenComplete((at, late) -> {
                if (late == null && at == NO_AGENT) {
                    done(after, false, start, end); // an agent of this run left first: nobody to see it, no time
                } else if (late == null) {
                    record(session, name, start, Math.max(start, at), (Outcome) null, null);
                    done(after, false, start, at);
                } else {
                    customers.forgetLeaving(chat.token());
                    long now = System.nanoTime();
                    record(session, name, start, now, Outcome.TIMEOUT, "no agent notification showed the customer "
                            + "leaving within " + limit.toMillis() + " ms");
                    done(after, true, start, now);
                }
            });
        });
    }

    /** The leave's wait ended because the last agent of this run in the chat left it first. */
    private static final long NO_AGENT = Long.MIN_VALUE + 1;

    private void awaitEnd(Session session, CustomerChat chat) {
        long start = System.nanoTime();
        chat.awaitLastAgentLeaving(timeout(components.runtime.config.awaitTimeout())).whenComplete((entry, error) -> {
                    long ended = chat.endedByGmsAt();
                    if (error == null || ended != CustomerChat.NONE) {
                        long seenAt = error == null ? entry.seenNanos() : ended;
                        long left = chat.agentLeftAt();
                        long from = left != CustomerChat.NONE && left <= seenAt ? left : start;
                        Session after = checked(session, error == null ? entry : null, Math.min(from, seenAt), seenAt);
                        if (after == null) {
                            return;
                        }
                        if (from <= seenAt) {
                            record(session, name, from, seenAt, (Outcome) null, null);
                            if (entry != null) {
                                polled(chat, from, entry);
                            }
                        } // else read before the step, and no agent of this run left: there is no time to give
                        done(after, false, start, Math.max(start, seenAt));
                    } else {
                        fail(session, start, error);
                    }
                });
    }

    /** The earliest a polled timing can have been: its entry appeared after the poll before started. */
    private void polled(CustomerChat chat, long start, TranscriptEntry entry) {
        if (!chat.polled()) {
            return; // pushed (CometD mode): no poll interval to bound
        }
        io.gwsload.collector.books.LatencyStats stats = components.runtime.collector.latencies().stats(name);
        stats.recordPolledLower((Math.max(start, entry.notBeforeNanos()) - start) / 1_000,
                chat.runtime().settings().pollInterval().toNanos() / 1_000);
        if (entry.truthNanos() != CustomerChat.NONE) {
            // The embedded simulator's own time of the entry, on this clock: the bounds must hold it.
            boolean outside = entry.truthNanos() - entry.notBeforeNanos() < 0 || entry.truthNanos() - entry.seenNanos() > 0;
            stats.recordPolledTruth((entry.truthNanos() - start) / 1_000, outside);
        }
    }

    private void fail(Session session, long start, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        long now = System.nanoTime();
        Outcome why = cause instanceof CustomerChat.WaitTimedOut ? Outcome.TIMEOUT
                : cause instanceof CustomerChat.ChatEnded ? Outcome.CHAT_ENDED : Outcome.HTTP_FAILURE;
        record(session, name, start, now, why, CustomerChat.describe(error));
        done(session, true, start, now);
    }

    /** What kind of KO a failed call is: no answer, an HTTP error, or a GMS statusCode. */
    private static Outcome outcome(CustomerChat.Call call) {
        if (call.reply() == null) {
            return Outcome.HTTP_FAILURE;
        }
        return call.reply().statusCode() < 0 ? Outcome.HTTP_STATUS : Outcome.STATUS_CODE;
    }

    private Duration timeout(Duration otherwise) {
        return def.timeout() != null ? def.timeout() : otherwise;
    }

    /** Ends the step: counted in the customers' books (one step, however many rows it records), then on. */
    private void done(Session session, boolean failed, long startNanos, long endNanos) {
        components.runtime.customers().stepEnded(!failed);
        proceed(session, failed, startNanos, endNanos);
    }

    /** The virtual user's chat; the step cannot run without one. */
    private CustomerChat chat(Session session) {
        Option<Object> value = session.attributes().get(CHAT_KEY);
        if (value.isDefined() && value.get() instanceof CustomerChat chat) {
            return chat;
        }
        throw new StepNotPossible("no chat: " + name + " needs customer(...).requestChat() first");
    }
}
