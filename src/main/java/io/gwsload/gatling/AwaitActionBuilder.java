package io.gwsload.gatling;

import io.gwsload.gatling.action.NotificationChecks;

import io.gwsload.gatling.action.AwaitAction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.gatling.core.check.Check;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gwsload.api.Notification;

/**
 * A wait for a notification by predicate, e.g. {@code gws("Await offer").awaitOffer(CHAT)} or
 * {@code gws("Joined").awaitNotification(messageOfType("ParticipantJoined").and(inInteraction("#{chatId}")))}.
 * Immutable. {@link #saveAs} names the session attribute the interaction id is saved to.
 */
public final class AwaitActionBuilder implements ActionBuilder {
    private final String name;
    private final NotificationMatcher matcher;
    private final Duration timeout;
    private final List<Check<Notification>> checks;
    private final String idKey;
    private final boolean optional;
    /** Further attributes the step's own checks save (the offer's media), forgotten by {@link #then}. */
    private final List<String> alsoSaved;
    /** Set to true when something arrived and passed the checks: how {@link #then} tells. */
    private final String arrivedKey;

    AwaitActionBuilder(String name, NotificationMatcher matcher, String idKey) {
        this(name, matcher, null, List.of(), idKey, false, List.of(), null);
    }

    private AwaitActionBuilder(String name, NotificationMatcher matcher, Duration timeout,
            List<Check<Notification>> checks, String idKey, boolean optional, List<String> alsoSaved,
            String arrivedKey) {
        this.name = name;
        this.matcher = matcher;
        this.timeout = timeout;
        this.checks = List.copyOf(checks);
        this.idKey = idKey;
        this.optional = optional;
        this.alsoSaved = List.copyOf(alsoSaved);
        this.arrivedKey = arrivedKey;
    }

    /**
     * "Maybe something comes: handle it, then forget it." An optional wait; when a notification arrived
     * (and passed the checks), {@code handle} runs, and afterwards the attributes this step saved are
     * removed, so that the next iteration starts clean. No {@code doIf(session.contains(...))} or
     * {@code session.remove(...)} in the simulation.
     */
    public ChainBuilder then(ChainBuilder handle) {
        String marker = "gwsload.arrived." + name;
        AwaitActionBuilder wait = new AwaitActionBuilder(name, matcher, timeout, checks, idKey, true, alsoSaved,
                marker);
        List<String> forget = new ArrayList<>(alsoSaved);
        forget.add(marker);
        if (idKey != null) {
            forget.add(idKey);
        }
        String[] keys = forget.toArray(String[]::new);
        // Forgotten before the wait too: a chain left early (exitBlockOnFail, a crash) must not leave a stale
        // marker that would run the chain again without anything having arrived.
        return CoreDsl.exec(s -> s.removeAll(keys)).exec(wait).doIf(s -> s.contains(marker))
                .then(CoreDsl.exec(handle).exec(s -> s.removeAll(keys)));
    }

    /** The same wait, also saving {@code key} through its checks (for {@link #then} to forget). */
    AwaitActionBuilder alsoSaving(String key) {
        List<String> keys = new ArrayList<>(alsoSaved);
        keys.add(key);
        return new AwaitActionBuilder(name, matcher, timeout, checks, idKey, optional, keys, arrivedKey);
    }

    /**
     * Only the offer of the chat whose token (user data {@value io.gwsload.customer.CustomerChat#TOKEN_KEY}) is
     * {@code token} (Gatling EL, e.g. a customer's {@code #{gwsChatToken}} taken from a pool): other offers stay
     * in the agent's inbox for other waits.
     */
    public AwaitActionBuilder ofCustomerChat(String token) {
        NotificationMatcher ofChat = NotificationMatcher.withValue("the chat of customer token ",
                java.util.Objects.requireNonNull(token, "token"), (n, value) -> value.equals(chatToken(n)));
        return new AwaitActionBuilder(name, matcher.and(ofChat), timeout, checks, idKey, optional, alsoSaved,
                arrivedKey);
    }

    /** The chat token in the interaction's user data, or null. */
    static String chatToken(Notification n) {
        Map<String, Object> object = n.interactionObject();
        return object != null && object.get("userData") instanceof Map<?, ?> userData
                && userData.get(io.gwsload.customer.CustomerChat.TOKEN_KEY) != null
                ? String.valueOf(userData.get(io.gwsload.customer.CustomerChat.TOKEN_KEY)) : null;
    }

    /** The same wait, also saving the offer's chat token (if it has one) as {@code gwsChatToken}. */
    AwaitActionBuilder savingChatToken() {
        String key = io.gwsload.gatling.action.CustomerAction.CHAT_TOKEN_KEY;
        return withChecks(NotificationChecks.toScala(List.of(CoreDsl.jmesPath("*.userData."
                + io.gwsload.customer.CustomerChat.TOKEN_KEY + " | [0]").ofString().optional().saveAs(key))))
                .alsoSaving(key);
    }

    /** Overrides the protocol's await timeout. */
    public AwaitActionBuilder timeout(Duration t) {
        if (t == null || t.isZero() || t.isNegative()) {
            throw new IllegalArgumentException(name + ": timeout must be positive, got " + t);
        }
        return new AwaitActionBuilder(name, matcher, t, checks, idKey, optional, alsoSaved, arrivedKey);
    }

    /** Gatling's checks on the notification waited for (they may {@code saveAs}); a failed one makes the wait KO. */
    public AwaitActionBuilder check(CheckBuilder... more) {
        return withChecks(NotificationChecks.toScala(Arrays.asList(more)));
    }

    /** Checks applied only when the Gatling EL condition is true. */
    public AwaitActionBuilder checkIf(String condition, CheckBuilder... more) {
        return withChecks(NotificationChecks.checkIf(condition, Arrays.asList(more)));
    }

    /** Checks applied only when the condition on the virtual user's session is true. */
    public AwaitActionBuilder checkIf(Function<io.gatling.javaapi.core.Session, Boolean> condition,
            CheckBuilder... more) {
        return withChecks(NotificationChecks.checkIf(condition, Arrays.asList(more)));
    }

    /** Checks applied only when the condition on the notification and the session is true. */
    public AwaitActionBuilder checkIf(BiFunction<Notification, io.gatling.javaapi.core.Session, Boolean> condition,
            CheckBuilder... more) {
        return withChecks(NotificationChecks.checkIf(condition, Arrays.asList(more)));
    }

    private AwaitActionBuilder withChecks(List<Check<Notification>> more) {
        List<Check<Notification>> all = new ArrayList<>(checks);
        all.addAll(more);
        return new AwaitActionBuilder(name, matcher, timeout, all, idKey, optional, alsoSaved, arrivedKey);
    }

    /** Saves the id of the interaction the notification is about under {@code key}. */
    public AwaitActionBuilder saveAs(String key) {
        return new AwaitActionBuilder(name, matcher, timeout, checks, java.util.Objects.requireNonNull(key, "key"),
                optional, alsoSaved, arrivedKey);
    }

    /**
     * Nothing arriving in time is not a failure: the step records nothing and removes the id attribute,
     * so that {@code doIf(session -> session.contains("chatId"))} can tell. For agents that wait for
     * work for as long as the run lasts.
     */
    public AwaitActionBuilder optional() {
        return new AwaitActionBuilder(name, matcher, timeout, checks, idKey, true, alsoSaved, arrivedKey);
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        List<Check<Notification>> all = new ArrayList<>(checks);
        if (idKey != null) {
            all.add(NotificationChecks.toScala(GwsDsl.interactionId().saveAs(idKey)));
        }
        List<Check<Notification>> frozen = List.copyOf(all);
        String removeOnTimeout = optional ? (idKey == null ? "" : idKey) : null;
        String arrived = arrivedKey;
        List<String> forget = alsoSaved.contains(io.gwsload.gatling.action.CustomerAction.CHAT_TOKEN_KEY)
                ? List.of(io.gwsload.gatling.action.CustomerAction.CHAT_TOKEN_KEY) : List.of();
        return (ctx, next) -> new AwaitAction(name, matcher, timeout, frozen, removeOnTimeout, arrived, forget, ctx,
                next);
    }
}
