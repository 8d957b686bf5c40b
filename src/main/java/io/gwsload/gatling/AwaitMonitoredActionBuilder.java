package io.gwsload.gatling;

import io.gwsload.gatling.action.AwaitMonitoredAction;

import java.time.Duration;
import java.util.Objects;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gwsload.api.Media;

/**
 * {@code gws("Monitored SMS").awaitMonitored(SMS)}: the supervisor's next monitored session, offered or
 * added (see {@link AwaitMonitoredAction}). Immutable. Saves the id as {@code chatId} / {@code smsId}
 * unless {@link #saveAs} says otherwise.
 */
public final class AwaitMonitoredActionBuilder implements ActionBuilder {
    private final String name;
    private final Media media;
    private final Duration timeout;
    private final String idKey;
    private final boolean optional;

    AwaitMonitoredActionBuilder(String name, Media media, Duration timeout, String idKey, boolean optional) {
        this.name = name;
        this.media = Objects.requireNonNull(media, "media");
        this.timeout = timeout;
        this.idKey = idKey;
        this.optional = optional;
    }

    /** Overrides the protocol's await timeout. */
    public AwaitMonitoredActionBuilder timeout(Duration t) {
        if (t == null || t.isZero() || t.isNegative()) {
            throw new IllegalArgumentException(name + ": timeout must be positive, got " + t);
        }
        return new AwaitMonitoredActionBuilder(name, media, t, idKey, optional);
    }

    /** Saves the session's id under {@code key}. */
    public AwaitMonitoredActionBuilder saveAs(String key) {
        return new AwaitMonitoredActionBuilder(name, media, timeout, Objects.requireNonNull(key, "key"), optional);
    }

    /**
     * "Maybe a monitored session comes: handle it, then forget it": an optional wait; when a session was
     * taken, {@code handle} runs, then the saved id is removed.
     */
    public ChainBuilder then(ChainBuilder handle) {
        AwaitMonitoredActionBuilder wait = optional();
        String key = idKey;
        return CoreDsl.exec(s -> s.remove(key)).exec(wait).doIf(s -> s.contains(key))
                .then(CoreDsl.exec(handle).exec(s -> s.remove(key)));
    }

    /** Nothing arriving in time is not a failure: nothing is recorded and the id attribute is removed. */
    public AwaitMonitoredActionBuilder optional() {
        return new AwaitMonitoredActionBuilder(name, media, timeout, idKey, true);
    }

    @Override
    public io.gatling.core.action.builder.ActionBuilder asScala() {
        return (ctx, next) -> new AwaitMonitoredAction(name, media, timeout, idKey, optional, ctx, next);
    }
}
