package io.gwsload.api;

import java.util.Optional;

/** The agent-side states of a chat or SMS session (docs/gws-api.md §4). */
public enum InteractionState {
    Invited,
    Chatting,
    LeftChat,
    Completed,
    Revoked;

    /** The state named by a notification, or empty for a value this version does not know. */
    public static Optional<InteractionState> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (InteractionState s : values()) {
            if (s.name().equalsIgnoreCase(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Completed and Revoked end the interaction for this agent. */
    public boolean isFinished() {
        return this == Completed || this == Revoked;
    }
}
