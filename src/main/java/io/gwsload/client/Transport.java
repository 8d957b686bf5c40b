package io.gwsload.client;

import java.util.Locale;

/** The CometD transport an agent uses. GWS 9 serves long-polling only, so that is the default. */
public enum Transport {
    LONG_POLLING("long-polling"),
    WEBSOCKET("websocket");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses {@code long-polling} (or {@code lp}, {@code http}) and {@code websocket} (or {@code ws}). */
    public static Transport parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "long-polling", "longpolling", "long_polling", "lp", "http" -> LONG_POLLING;
            case "websocket", "ws" -> WEBSOCKET;
            default -> throw new IllegalArgumentException("Unknown CometD transport '" + value
                    + "': use long-polling or websocket.");
        };
    }
}
