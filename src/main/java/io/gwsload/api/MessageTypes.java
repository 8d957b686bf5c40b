package io.gwsload.api;

/** The {@code messageType} and {@code notificationType} values gws-load reads and writes. */
public final class MessageTypes {
    public static final String MESSAGE_LOG_UPDATED = "MessageLogUpdated";
    public static final String CHANNEL_STATE_CHANGE = "ChannelStateChangeMessageV2";

    public static final String STATUS_CHANGE = "StatusChange";
    public static final String PARTICIPANTS_UPDATED = "ParticipantsUpdated";
    public static final String PROPERTIES_UPDATED = "PropertiesUpdated";
    public static final String ERROR = "Error";
    public static final String NEW_MESSAGES = "NewMessages";

    /** CometD channel of media-channel agent state. */
    public static final String CHANNELS_TOPIC = "/v2/me/channels";
    /** The wildcard clients subscribe to by default; covers every {@code /v2/me/...} topic. */
    public static final String ME_WILDCARD = "/v2/me/*";

    private MessageTypes() {
    }
}
