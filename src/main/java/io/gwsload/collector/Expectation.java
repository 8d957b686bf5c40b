package io.gwsload.collector;

import io.gwsload.collector.rules.ScopeState;

import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;

/**
 * The effect that shows an operation took effect, known before its POST is written: where to look (its
 * interaction, or the agent's channels) and what to look for, as a change from what the agent knew of that
 * scope when the operation was registered. The collector uses it when GWS gives no referenceId to match on,
 * and to confirm a match by referenceId.
 *
 * @param scope       the interaction id, or {@link #CHANNELS} for agent-state operations
 * @param effect      what shows the effect (see {@link Effect})
 * @param description how the effect reads in a timeout message ("a state change to Chatting")
 * @param passOn      the notification that completes the operation also goes to the agent's waits (an
 *                    Intrude's offer is also the offer an {@code awaitOffer} waits for)
 */
public record Expectation(String scope, Effect effect, String description, boolean passOn) {
    /** The scope of agent-state operations: notifications on {@code /v2/me/channels}. */
    public static final String CHANNELS = "channels";

    public Expectation {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(description, "description");
    }

    /** An expectation whose effect is a plain predicate on the notification (a step's own {@code until(...)}). */
    public Expectation(String scope, Predicate<Notification> predicate, String description) {
        this(scope, (n, before) -> predicate.test(n), description, false);
    }

    /**
     * Whether the same notification content could show both expectations: the same scope and description, and
     * equal effects where the effect is a value (an operation with its parameters); a predicate's effect is
     * compared by its description alone.
     */
    public boolean couldShareContentWith(Expectation other) {
        return other != null && scope.equals(other.scope) && description.equals(other.description)
                && (!(effect instanceof Record) || effect.equals(other.effect));
    }

    /** The same expectation, passing its completing notification on to waits or not. */
    public Expectation withPassOn(boolean on) {
        return new Expectation(scope, effect, description, on);
    }

    /**
     * What shows an operation's effect. Whole-notification effects answer {@link #shownBy}; transcript effects
     * ({@link #perEntry()}) are asked entry by entry, so that one MessageLogUpdated carrying the entries of
     * several operations completes each of them.
     */
    @FunctionalInterface
    public interface Effect {
        /** Whether {@code n} (of the operation's scope, not an Error) shows the effect, given {@code before}. */
        boolean shownBy(Notification n, ScopeState before);

        /** Whether the effect is a transcript entry, matched entry by entry. */
        default boolean perEntry() {
            return false;
        }

        /** For a {@link #perEntry()} effect: whether this entry shows it. */
        default boolean shownByEntry(Map<?, ?> entry, ScopeState before) {
            return false;
        }

        /**
         * Whether {@code n} also shows changes that are not this effect's (a PropertiesUpdated that another
         * participant's operation caused and that shows this one's change too): the completion is then doubtful.
         */
        default boolean showsOtherChanges(Notification n, ScopeState before) {
            return false;
        }
    }

    /** The scope a notification belongs to: its interaction, the channels, or null for anything else. */
    public static String scopeOf(Notification n) {
        String id = n.interactionId();
        if (id != null) {
            return id;
        }
        if (n.isChannelState() || MessageTypes.CHANNELS_TOPIC.equals(n.channel())) {
            return CHANNELS;
        }
        return null;
    }
}
