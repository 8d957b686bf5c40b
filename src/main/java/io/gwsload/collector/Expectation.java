package io.gwsload.collector;

import java.util.Objects;
import java.util.function.Predicate;

import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;

/**
 * The effect that shows an operation took effect, known before its POST is written: where to look
 * (its interaction, or the agent's channels) and what to look for. The collector uses it when GWS
 * gives no referenceId to match on (gws-api.md §1), and to confirm a match by referenceId.
 *
 * @param scope       the interaction id, or {@link #CHANNELS} for agent-state operations
 * @param effect      the notification that shows the effect; it is only shown notifications of the scope
 * @param description how the effect reads in a timeout message ("StatusChange to Chatting")
 */
public record Expectation(String scope, Predicate<Notification> effect, String description) {
    /** The scope of agent-state operations: notifications on {@code /v2/me/channels}. */
    public static final String CHANNELS = "channels";

    public Expectation {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(description, "description");
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
