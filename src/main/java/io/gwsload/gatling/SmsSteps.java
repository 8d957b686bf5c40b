package io.gwsload.gatling;

import java.time.Duration;

import io.gatling.javaapi.core.ActionBuilder;
import io.gwsload.gatling.action.Expr;
import io.gwsload.gatling.action.SmsAction;
import io.gwsload.gatling.action.SmsAction.Kind;

/**
 * A simulated mobile customer's steps, named by {@code sms("name")}: its texts reach Genesys SMS Server through the
 * harness's SMSC as {@code deliver_sm}, and agents' answers come back as {@code submit_sm}. Each is an immutable
 * {@link ActionBuilder}; strings may hold Gatling EL.
 *
 * <pre>{@code
 * exec(sms("First SMS").send("Hello, I need help"),
 *      sms("Agent to mobile").awaitReply("how can I help"),
 *      sms("SMS to agent").send("My order is 42"),
 *      sms("Done").end())
 * }</pre>
 */
public final class SmsSteps {
    private final String name;

    SmsSteps(String name) {
        this.name = name;
        io.gwsload.gatling.runtime.SimulationName.smsUsed();
    }

    /**
     * The customer texts {@code text} (a token {@code [gws-N]} is added, so that it is found in the agent's
     * transcript); the first one of a virtual user starts its conversation from a new number. Recorded as
     * {@code <name> SMPP}, the {@code deliver_sm} to its response, and {@code <name>}, the {@code deliver_sm} to the
     * first agent notification that holds the text: for a conversation's first message that includes routing and the
     * agent's Accept (the time to answer an SMS), afterwards it is customer → agent.
     */
    public Step send(String text) {
        return new Step(name, Kind.SEND, Expr.string(text), null);
    }

    /**
     * Waits for the next agent's message to reach the customer's number; recorded from the agent's SendMessage (from
     * the step's start when no agent of this run sent it).
     */
    public Step awaitReply() {
        return new Step(name, Kind.AWAIT_REPLY, null, null);
    }

    /** As {@link #awaitReply()}, for the next agent's message whose text contains {@code text} (EL allowed). */
    public Step awaitReply(String text) {
        return new Step(name, Kind.AWAIT_REPLY, Expr.string(text), null);
    }

    /**
     * The customer is done: SMS has no goodbye, so nothing is sent; the harness forgets the conversation (its number
     * is not reused in the run). Records nothing.
     */
    public Step end() {
        return new Step(name, Kind.END, null, null);
    }

    /** An SMS step; {@link #timeout} overrides the run's limit for its wait. Immutable. */
    public static final class Step implements ActionBuilder {
        private final SmsAction.Definition def;

        Step(String name, Kind kind, Expr<String> text, Duration timeout) {
            this(new SmsAction.Definition(name, kind, text, timeout, java.util.List.of()));
        }

        private Step(SmsAction.Definition def) {
            this.def = def;
        }

        /** How long the step waits (an agent's notification, an agent's message) before it fails. */
        public Step timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(def.name() + ": the timeout must be positive, got " + timeout);
            }
            return new Step(new SmsAction.Definition(def.name(), def.kind(), def.text(), timeout, def.checks()));
        }

        /**
         * Gatling checks ({@code jsonPath}, {@code jmesPath}, {@code bodyString}, {@code substring}) on the agent's
         * message {@code awaitReply} got, as JSON: {@code text}, {@code to} (the customer's number). A failed check is
         * the step's KO ({@code check failed}); {@code saveAs} saves into the session.
         */
        public Step check(io.gatling.javaapi.core.CheckBuilder... checks) {
            if (def.kind() != Kind.AWAIT_REPLY) {
                throw new IllegalArgumentException(def.name() + ": checks go on awaitReply (an agent's message)");
            }
            java.util.List<io.gatling.core.check.Check<io.gwsload.api.Notification>> all =
                    new java.util.ArrayList<>(def.checks());
            all.addAll(io.gwsload.gatling.action.NotificationChecks.toScala(java.util.List.of(checks)));
            return new Step(new SmsAction.Definition(def.name(), def.kind(), def.text(), def.timeout(), all));
        }

        @Override
        public io.gatling.core.action.builder.ActionBuilder asScala() {
            return (ctx, next) -> new SmsAction(def, ctx, next);
        }
    }
}
