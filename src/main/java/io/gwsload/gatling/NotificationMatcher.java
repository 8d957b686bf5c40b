package io.gwsload.gatling;

import io.gwsload.gatling.action.Expr;

import io.gwsload.gatling.action.NotificationFilter;

import io.gwsload.gatling.action.NotificationChecks;

import java.util.Objects;
import java.util.function.Predicate;

import io.gatling.core.session.Session;
import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;

/**
 * Which notification a wait (or an operation's completion) is for, e.g. "an Invited chat offer" or
 * "a ParticipantJoined in chat #{chatId}". Matchers may use Gatling EL, resolved per virtual user;
 * they combine with {@link #and}. Build them with the factories in {@link GwsDsl}.
 */
public final class NotificationMatcher implements NotificationFilter {
    private final Expr<String> description;
    private final ResolvedFactory factory;

    @FunctionalInterface
    interface ResolvedFactory {
        Predicate<Notification> resolve(Session session);
    }

    private NotificationMatcher(Expr<String> description, ResolvedFactory factory) {
        this.description = description;
        this.factory = factory;
    }

    /** A matcher that does not depend on the session. */
    static NotificationMatcher of(String description, Predicate<Notification> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new NotificationMatcher(Expr.constant(description), s -> predicate);
    }

    /** A matcher that holds when Gatling's checks pass on the notification (EL resolved per user). */
    static NotificationMatcher passing(String description, java.util.List<io.gatling.core.check.Check<Notification>> checks) {
        return new NotificationMatcher(Expr.constant(description),
                s -> n -> NotificationChecks.apply(checks, n, s).failure() == null);
    }

    /** A matcher comparing a notification value with an EL string resolved per virtual user. */
    static NotificationMatcher withValue(String descriptionPrefix, String valueEl,
            java.util.function.BiPredicate<Notification, String> test) {
        Expr<String> value = Expr.string(valueEl);
        return new NotificationMatcher(Expr.string(descriptionPrefix + valueEl), s -> {
            String resolved = value.resolve(s);
            return n -> test.test(n, resolved);
        });
    }

    /** Both this and {@code other}. */
    public NotificationMatcher and(NotificationMatcher other) {
        NotificationMatcher self = this;
        // The description keeps its EL unresolved: timeout messages then group (no ids in them).
        Expr<String> both = Expr.constant(self + ", " + other);
        return new NotificationMatcher(both, s -> self.resolve(s).and(other.resolve(s)));
    }

    @Override
    public Predicate<Notification> resolve(Session session) {
        return factory.resolve(session);
    }

    @Override
    public String description() {
        return description.toString();
    }

    @Override
    public String toString() {
        return description.toString();
    }

    // ---- the building blocks behind GwsDsl's factories ----

    static NotificationMatcher offer(Media media) {
        String what = media == null ? "offer" : media.shortName() + " offer";
        return of("an Invited " + what, n -> "Invited".equals(n.state())
                && MessageTypes.STATUS_CHANGE.equals(n.notificationType())
                && (media == null || n.media().orElse(null) == media));
    }

    static NotificationMatcher offer(Media media, OfferKind kind) {
        NotificationMatcher offer = offer(media);
        if (kind == OfferKind.ANY) {
            return offer;
        }
        String what = kind == OfferKind.ROUTED ? "a routed contact (no agent in it yet)"
                : "an invitation (an agent already in it)";
        return offer.and(of(what, kind::matches));
    }

    /**
     * In interaction {@code interactionId} (EL), an agent other than this virtual user's: listed in the
     * participants, or a ParticipantJoined / ParticipantRejoined entry from one.
     */
    static NotificationMatcher otherAgentIn(String interactionId) {
        Expr<String> id = Expr.string(interactionId);
        return new NotificationMatcher(Expr.constant("another agent in interaction " + interactionId), s -> {
            String resolved = id.resolve(s);
            scala.Option<Object> value = s.attributes().get(io.gwsload.gatling.runtime.AgentSession.KEY);
            io.gwsload.collector.Identity me = value.isDefined()
                    && value.get() instanceof io.gwsload.gatling.runtime.AgentSession a ? a.identity()
                            : io.gwsload.collector.Identity.UNKNOWN;
            return n -> resolved.equals(n.interactionId()) && otherAgent(n, me);
        });
    }

    private static boolean otherAgent(Notification n, io.gwsload.collector.Identity me) {
        java.util.Map<String, Object> object = n.interactionObject();
        if (object != null && object.get("participants") instanceof java.util.List<?> participants) {
            for (Object p : participants) {
                if (isOtherAgent(p, me)) {
                    return true;
                }
            }
        }
        if (n.isMessageLog() && n.data().get("messages") instanceof java.util.List<?> entries) {
            for (Object e : entries) {
                if (e instanceof java.util.Map<?, ?> entry && ("ParticipantJoined".equals(entry.get("type"))
                        || "ParticipantRejoined".equals(entry.get("type"))) && isOtherAgent(entry.get("from"), me)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isOtherAgent(Object participant, io.gwsload.collector.Identity me) {
        return participant instanceof java.util.Map<?, ?> p && "Agent".equals(p.get("type"))
                && me.match(p) == io.gwsload.collector.Identity.Match.NO;
    }

    static NotificationMatcher any() {
        return of("notification", n -> true);
    }
}
