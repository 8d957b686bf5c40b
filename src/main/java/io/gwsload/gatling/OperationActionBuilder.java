package io.gwsload.gatling;

import io.gwsload.gatling.action.Expr;

import io.gwsload.gatling.action.NotificationFilter;

import io.gwsload.gatling.action.NotificationChecks;

import io.gwsload.gatling.action.OperationAction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.gatling.core.session.Session;
import io.gatling.javaapi.core.ActionBuilder;
import io.gwsload.api.Media;
import io.gwsload.api.OperationName;
import io.gatling.core.check.Check;
import io.gatling.javaapi.core.CheckBuilder;
import io.gwsload.api.Notification;
import io.gwsload.collector.Completion;
import io.gwsload.collector.Expectation;
import io.gwsload.collector.OperationSpec;

/**
 * A GWS operation step, e.g. {@code gws("Accept").chat().accept()}. Immutable: each method returns a
 * new builder.
 * <ul>
 * <li>{@link #param} adds a request parameter (String values may use Gatling EL);</li>
 * <li>{@link #timeout} overrides the protocol's operation timeout;</li>
 * <li>{@link #until} picks which notification with the operation's referenceId completes it
 *     (default: the first);</li>
 * <li>{@link #check} checks that notification and can {@code saveAs};</li>
 * <li>{@link #expect} makes the step non-blocking: the user goes on and {@code waitForNotifications()}
 *     joins later; the timings are recorded all the same;</li>
 * <li>{@link #httpOnly} / {@link #awaitNotification} choose whether a notification is awaited at all
 *     (by default: as {@link OperationName#notifies()} says).</li>
 * </ul>
 */
public final class OperationActionBuilder implements ActionBuilder {


    private final OperationAction.Definition def;

    OperationActionBuilder(String requestName, OperationName operation, Media media, Expr<String> interactionId,
            Expr<String> user) {
        this(requestName, operation, media == null ? null : Expr.constant(media.shortName()), interactionId, user);
    }

    /** With the media named per virtual user ({@code "#{offerMedia}"}: chat or sms). */
    OperationActionBuilder(String requestName, OperationName operation, Expr<String> media, Expr<String> interactionId,
            Expr<String> user) {
        this(new OperationAction.Definition(requestName, operation, media, interactionId, user, null, Map.of(), null, null,
                operation.notifies(), List.of(), false, Completion.AUTO));
    }

    private OperationActionBuilder(OperationAction.Definition def) {
        this.def = def;
    }

    /** A request parameter; a String value may contain Gatling EL such as {@code #{text}}. */
    public OperationActionBuilder param(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, Expr<?>> params = new LinkedHashMap<>(def.parameters());
        params.put(name, value instanceof String s ? Expr.string(s) : Expr.constant(value));
        return with(params, def.target(), def.timeout(), def.until(), def.awaitNotification(), def.checks(), def.expect());
    }

    OperationActionBuilder target(String usernameUriOrPath) {
        return with(def.parameters(), Expr.string(usernameUriOrPath), def.timeout(), def.until(),
                def.awaitNotification(), def.checks(), def.expect());
    }

    public OperationActionBuilder timeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(def.requestName() + ": timeout must be positive, got " + timeout);
        }
        return with(def.parameters(), def.target(), timeout, def.until(), def.awaitNotification(), def.checks(),
                def.expect());
    }

    /**
     * Overrides the completion rule: the operation completes on the first notification that matches,
     * among those carrying its referenceId and, where GWS gives none, among those of its interaction
     * (or of the channels, for Ready/NotReady).
     */
    public OperationActionBuilder until(NotificationMatcher matcher) {
        return with(def.parameters(), def.target(), def.timeout(), Objects.requireNonNull(matcher, "matcher"),
                true, def.checks(), def.expect());
    }

    /**
     * Gatling's checks on the notification that completed the operation ({@code jsonPath}, {@code jmesPath},
     * {@code bodyString}, {@code substring}, and gws-load's {@code state()}, {@code participants()}...):
     * a failed check makes the operation KO everywhere. They may {@code saveAs}. Not with {@link #expect()}.
     */
    public OperationActionBuilder check(CheckBuilder... checks) {
        return withChecks(NotificationChecks.toScala(Arrays.asList(checks)));
    }

    /** Checks applied only when the Gatling EL condition ({@code "#{strict}"}) is true. */
    public OperationActionBuilder checkIf(String condition, CheckBuilder... checks) {
        return withChecks(NotificationChecks.checkIf(condition, Arrays.asList(checks)));
    }

    /** Checks applied only when the condition on the virtual user's session is true. */
    public OperationActionBuilder checkIf(Function<io.gatling.javaapi.core.Session, Boolean> condition,
            CheckBuilder... checks) {
        return withChecks(NotificationChecks.checkIf(condition, Arrays.asList(checks)));
    }

    /** Checks applied only when the condition on the notification and the session is true. */
    public OperationActionBuilder checkIf(BiFunction<Notification, io.gatling.javaapi.core.Session, Boolean> condition,
            CheckBuilder... checks) {
        return withChecks(NotificationChecks.checkIf(condition, Arrays.asList(checks)));
    }

    private OperationActionBuilder withChecks(List<Check<Notification>> more) {
        if (!def.awaitNotification()) {
            throw new IllegalStateException(def.requestName() + ": checks need a notification; " + def.operation()
                    + " awaits only its HTTP answer here (use awaitNotification() to wait for one)");
        }
        if (def.expect()) {
            throw new IllegalStateException(def.requestName() + ": checks need the blocking form; remove expect()");
        }
        List<Check<Notification>> all = new ArrayList<>(def.checks());
        all.addAll(more);
        return with(def.parameters(), def.target(), def.timeout(), def.until(), def.awaitNotification(),
                List.copyOf(all), def.expect());
    }

    /**
     * Which notifications may complete the operation: {@link Completion#AUTO} (the default: its
     * referenceId where GWS gives one, its documented effect otherwise), {@link Completion#REFERENCE_ID}
     * or {@link Completion#EFFECT} only.
     */
    public OperationActionBuilder completion(Completion completion) {
        Objects.requireNonNull(completion, "completion");
        OperationAction.Definition d = def;
        return new OperationActionBuilder(new OperationAction.Definition(d.requestName(), d.operation(), d.media(), d.interactionId(),
                d.user(), d.target(), d.parameters(), d.timeout(), d.until(), d.awaitNotification(), d.checks(),
                d.expect(), completion));
    }

    /** Non-blocking: the user goes on at once; join with {@code waitForNotifications()}. */
    public OperationActionBuilder expect() {
        if (!def.checks().isEmpty()) {
            throw new IllegalStateException(def.requestName() + ": expect() cannot carry checks");
        }
        return with(def.parameters(), def.target(), def.timeout(), def.until(), def.awaitNotification(), def.checks(),
                true);
    }

    /** Only the HTTP answer is awaited and recorded. */
    public OperationActionBuilder httpOnly() {
        if (!def.checks().isEmpty()) {
            throw new IllegalStateException(def.requestName() + ": httpOnly() cannot carry checks on a notification");
        }
        return with(def.parameters(), def.target(), def.timeout(), null, false, def.checks(), def.expect());
    }

    /** Await the notification even for an operation documented without one. */
    public OperationActionBuilder awaitNotification() {
        return with(def.parameters(), def.target(), def.timeout(), def.until(), true, def.checks(), def.expect());
    }

    private OperationActionBuilder with(Map<String, Expr<?>> params, Expr<String> target, Duration timeout,
            NotificationFilter until, boolean await, List<Check<Notification>> checks, boolean expect) {
        return new OperationActionBuilder(new OperationAction.Definition(def.requestName(), def.operation(), def.media(),
                def.interactionId(), def.user(), target, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params)),
                timeout, until, await, checks, expect, def.completion()));
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        OperationAction.Definition d = def;
        return (ctx, next) -> new OperationAction(d, ctx, next);
    }
}
