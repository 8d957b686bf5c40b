package io.gwsload.gatling;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gatling.javaapi.core.ActionBuilder;
import io.gwsload.gatling.action.CustomerAction;
import io.gwsload.gatling.action.CustomerAction.Kind;
import io.gwsload.gatling.action.Expr;

/**
 * A simulated customer's steps on the GMS Chat API v2 (polling), named by {@code customer("name")}: each is an
 * immutable {@link ActionBuilder}. Strings may hold Gatling EL ({@code "#{text}"}).
 *
 * <pre>{@code
 * exec(customer("Request chat").requestChat().nickname("#{name}"),
 *      customer("Time to answer").awaitAgent(),
 *      customer("Customer message").send("I need help"),
 *      customer("Agent reply").awaitMessage(),
 *      customer("Leave").disconnect())
 * }</pre>
 */
public final class CustomerSteps {
    private final String name;

    CustomerSteps(String name) {
        this.name = name;
        io.gwsload.gatling.runtime.SimulationName.customersUsed();
    }

    /** Request Chat of the default service ({@code gws.gms.service}). */
    public RequestChat requestChat() {
        return new RequestChat(name, null, null, Map.of(), null);
    }

    /** Request Chat of {@code service}. */
    public RequestChat requestChat(String service) {
        return new RequestChat(name, Expr.string(service), null, Map.of(), null);
    }

    /**
     * The customer's message (a token {@code [gws-N]} is added to it, so that it is found in the agent's
     * transcript). Recorded as {@code <name> HTTP} and, once an agent is in the chat, {@code <name>}: until an
     * agent's notification holds it.
     */
    public Step send(String text) {
        return new Step(new CustomerAction.Definition(name, Kind.SEND, null, null, Map.of(), Expr.string(text), null));
    }

    /** Waits until the customer reads that an agent joined; recorded from Request Chat (time to answer). */
    public Step awaitAgent() {
        return new Step(new CustomerAction.Definition(name, Kind.AWAIT_AGENT, null, null, Map.of(), null, null));
    }

    /** Waits for the next agent's message the customer reads; recorded from the agent's SendMessage. */
    public Step awaitMessage() {
        return new Step(new CustomerAction.Definition(name, Kind.AWAIT_MESSAGE, null, null, Map.of(), null, null));
    }

    /** As {@link #awaitMessage()}, for the next agent's message whose text contains {@code text} (EL allowed). */
    public Step awaitMessage(String text) {
        return new Step(new CustomerAction.Definition(name, Kind.AWAIT_MESSAGE, null, null, Map.of(),
                Expr.string(text), null));
    }

    /** {@code startTyping}: the agent sees the customer typing. Recorded as {@code <name>}, the call. */
    public Step typing() {
        return new Step(new CustomerAction.Definition(name, Kind.TYPING, null, null, Map.of(), null, null));
    }

    /** {@code stopTyping}. Recorded as {@code <name>}, the call. */
    public Step stopTyping() {
        return new Step(new CustomerAction.Definition(name, Kind.STOP_TYPING, null, null, Map.of(), null, null));
    }

    /**
     * The customer leaves the chat. Recorded as {@code <name> HTTP}, the call, and, when an agent is in the chat,
     * {@code <name>}: until an agent's notification shows the customer's {@code ParticipantLeft} (close
     * propagation, customer to agent).
     */
    public Step disconnect() {
        return new Step(new CustomerAction.Definition(name, Kind.DISCONNECT, null, null, Map.of(), null, null));
    }

    /**
     * Waits until the customer reads the last agent in the chat leaving (its {@code ParticipantLeft}; in a
     * conference, not the first to leave) or the chat ended
     * ({@code chatEnded}). Recorded from the last Complete or Leave of an agent of this run in that chat (close
     * propagation, agent to customer), else from the step's start; nothing is recorded when the customer had read it
     * before the step and no agent of this run left.
     */
    public Step awaitEnd() {
        return new Step(new CustomerAction.Definition(name, Kind.AWAIT_END, null, null, Map.of(), null, null));
    }

    /** A customer step; {@link #timeout} overrides the run's limit for its wait. Immutable. */
    public static final class Step implements ActionBuilder {
        private final CustomerAction.Definition def;

        Step(CustomerAction.Definition def) {
            this.def = def;
        }

        /** How long the step waits (an agent, a message, an agent's receipt) before it fails. */
        public Step timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(def.name() + ": the timeout must be positive, got " + timeout);
            }
            return new Step(new CustomerAction.Definition(def.name(), def.kind(), def.service(), def.nickname(),
                    def.userData(), def.text(), timeout, def.checks()));
        }

        /**
         * Gatling checks ({@code jsonPath}, {@code jmesPath}, {@code bodyString}, {@code substring}) on the
         * transcript entry a wait ({@code awaitAgent}, {@code awaitMessage}, {@code awaitEnd}) found, as JSON:
         * {@code index}, {@code type}, {@code text}, {@code from.type}, {@code from.nickname}, {@code utcTime}. A
         * failed check is the step's KO ({@code check failed}); {@code saveAs} saves into the session. An
         * {@code awaitEnd} that GMS's {@code chatEnded} ended checks {@code {"type": "chatEnded"}}.
         */
        public Step check(io.gatling.javaapi.core.CheckBuilder... checks) {
            if (def.kind() != Kind.AWAIT_AGENT && def.kind() != Kind.AWAIT_MESSAGE && def.kind() != Kind.AWAIT_END) {
                throw new IllegalArgumentException(def.name() + ": checks go on a wait for a transcript entry "
                        + "(awaitAgent, awaitMessage, awaitEnd)");
            }
            java.util.List<io.gatling.core.check.Check<io.gwsload.api.Notification>> all =
                    new java.util.ArrayList<>(def.checks());
            all.addAll(io.gwsload.gatling.action.NotificationChecks.toScala(java.util.List.of(checks)));
            return new Step(new CustomerAction.Definition(def.name(), def.kind(), def.service(), def.nickname(),
                    def.userData(), def.text(), def.timeout(), all));
        }

        @Override
        public io.gatling.core.action.builder.ActionBuilder asScala() {
            return (ctx, next) -> new CustomerAction(def, ctx, next);
        }
    }

    /** Request Chat, with the customer's nickname, user data and first words. Immutable. */
    public static final class RequestChat implements ActionBuilder {
        private final String name;
        private final Expr<String> service;
        private final Expr<String> nickname;
        private final Map<String, Expr<String>> userData;
        private final Expr<String> text;

        private RequestChat(String name, Expr<String> service, Expr<String> nickname, Map<String, Expr<String>> userData,
                Expr<String> text) {
            this.name = name;
            this.service = service;
            this.nickname = nickname;
            this.userData = userData;
            this.text = text;
        }

        /** The customer's nickname (default {@code Customer <user id>}). */
        public RequestChat nickname(String nickname) {
            return new RequestChat(name, service, Expr.string(nickname), userData, text);
        }

        /** User data, as {@code userData[key]=value}; the interaction carries it to the agent. */
        public RequestChat userData(Map<String, String> data) {
            Map<String, Expr<String>> m = new LinkedHashMap<>(userData);
            data.forEach((k, v) -> m.put(k, Expr.string(v)));
            return new RequestChat(name, service, nickname, Map.copyOf(m), text);
        }

        /** The customer's first words, sent with the request. */
        public RequestChat text(String firstWords) {
            return new RequestChat(name, service, nickname, userData, Expr.string(firstWords));
        }

        @Override
        public io.gatling.core.action.builder.ActionBuilder asScala() {
            CustomerAction.Definition def = new CustomerAction.Definition(name, Kind.REQUEST_CHAT, service, nickname,
                    userData, text, null);
            return (ctx, next) -> new CustomerAction(def, ctx, next);
        }
    }
}
