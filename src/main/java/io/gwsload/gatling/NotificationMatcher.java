package io.gwsload.gatling;

import io.gwsload.gatling.action.Expr;

import io.gwsload.gatling.action.NotificationFilter;

import io.gwsload.gatling.action.NotificationChecks;

import java.util.Objects;
import java.util.function.Predicate;

import io.gatling.core.session.Session;
import io.gwsload.client.UserDirectory;
import io.gwsload.collector.Identity;
import io.gwsload.gatling.action.Targets;
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
        Predicate<Notification> resolve(Session session, UserDirectory directory);
    }

    private NotificationMatcher(Expr<String> description, ResolvedFactory factory) {
        this.description = description;
        this.factory = factory;
    }

    /** A matcher that does not depend on the session. */
    static NotificationMatcher of(String description, Predicate<Notification> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new NotificationMatcher(Expr.constant(description), (s, d) -> predicate);
    }

    /** A matcher that holds when Gatling's checks pass on the notification (EL resolved per user). */
    static NotificationMatcher passing(String description, java.util.List<io.gatling.core.check.Check<Notification>> checks) {
        return new NotificationMatcher(Expr.constant(description),
                (s, d) -> n -> NotificationChecks.apply(checks, n, s).failure() == null);
    }

    /** A matcher comparing a notification value with an EL string resolved per virtual user. */
    static NotificationMatcher withValue(String descriptionPrefix, String valueEl,
            java.util.function.BiPredicate<Notification, String> test) {
        Expr<String> value = Expr.string(valueEl);
        return new NotificationMatcher(Expr.string(descriptionPrefix + valueEl), (s, d) -> {
            String resolved = value.resolve(s);
            return n -> test.test(n, resolved);
        });
    }

    /** Both this and {@code other}. */
    public NotificationMatcher and(NotificationMatcher other) {
        NotificationMatcher self = this;
        // The description keeps its EL unresolved: timeout messages then group (no ids in them).
        Expr<String> both = Expr.constant(self + ", " + other);
        return new NotificationMatcher(both, (s, d) -> self.resolve(s, d).and(other.resolve(s, d)));
    }

    @Override
    public Predicate<Notification> resolve(Session session, UserDirectory directory) {
        return factory.resolve(session, directory);
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
     * In interaction {@code interactionId} (EL), an agent other than this virtual user's, or the one named by
     * {@code agent} (username, URI or path, EL allowed; null for any): listed in the participants, or a
     * ParticipantJoined / ParticipantRejoined entry from one.
     */
    static NotificationMatcher agentIn(String interactionId, String agent) {
        Expr<String> id = Expr.string(interactionId);
        Expr<String> who = agent == null ? null : Expr.string(agent);
        String description = (agent == null ? "another agent" : "agent " + agent) + " in interaction " + interactionId;
        return new NotificationMatcher(Expr.constant(description), (s, directory) -> {
            String resolved = id.resolve(s);
            Predicate<Object> wanted;
            if (who == null) {
                scala.Option<Object> value = s.attributes().get(io.gwsload.gatling.runtime.AgentSession.KEY);
                Identity me = value.isDefined() && value.get() instanceof io.gwsload.gatling.runtime.AgentSession a
                        ? a.identity() : Identity.UNKNOWN;
                wanted = p -> me.match(p) == Identity.Match.NO;
            } else {
                Identity them = Targets.knownIdentity(directory, who.resolve(s));
                wanted = p -> them.match(p) == Identity.Match.YES;
            }
            return n -> resolved.equals(n.interactionId()) && agentShown(n, wanted);
        });
    }

    private static boolean agentShown(Notification n, Predicate<Object> wanted) {
        java.util.Map<String, Object> object = n.interactionObject();
        if (object != null && object.get("participants") instanceof java.util.List<?> participants) {
            for (Object p : participants) {
                if (isAgent(p) && wanted.test(p)) {
                    return true;
                }
            }
        }
        if (n.isMessageLog() && n.data().get("messages") instanceof java.util.List<?> entries) {
            for (Object e : entries) {
                if (e instanceof java.util.Map<?, ?> entry && ("ParticipantJoined".equals(entry.get("type"))
                        || "ParticipantRejoined".equals(entry.get("type"))) && isAgent(entry.get("from")) && wanted.test(entry.get("from"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isAgent(Object participant) {
        return participant instanceof java.util.Map<?, ?> p && "Agent".equals(p.get("type"));
    }

    static NotificationMatcher any() {
        return of("notification", n -> true);
    }
}
