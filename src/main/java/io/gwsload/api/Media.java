package io.gwsload.api;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two media gws-load drives, with every spelling the GWS API uses for them.
 *
 * <p>Output always uses the documented 8.5.2 spellings. Input also accepts the variant spellings
 * that appear in the Genesys pages ({@code smsession}, {@code smsessions}, {@code smsssession},
 * {@code sms}, case differences in {@code SMSsessionStateChangeMessage}), because a real deployment
 * may echo any of them (docs/gws-api.md §3, §6, §7).
 */
public enum Media {
    CHAT("chat", "chats", "/v2/me/chats", "ChatStateChangeMessage", "chat", "chatUri", "chatPath"),
    SMS("smssession", "smssessions", "/v2/me/smssessions", "SMSsessionStateChangeMessage", "smssession",
            "smssessionUri", "smssessionPath");

    private final String channelName;
    private final String pathSegment;
    private final String topic;
    private final String stateMessageType;
    private final String objectKey;
    private final String uriKey;
    private final String pathKey;

    Media(String channelName, String pathSegment, String topic, String stateMessageType, String objectKey,
            String uriKey, String pathKey) {
        this.channelName = channelName;
        this.pathSegment = pathSegment;
        this.topic = topic;
        this.stateMessageType = stateMessageType;
        this.objectKey = objectKey;
        this.uriKey = uriKey;
        this.pathKey = pathKey;
    }

    /** Media channel name: {@code StartContactCenterSession} channels, {@code /me/channels/{name}}. */
    public String channelName() {
        return channelName;
    }

    /** Resource path segment: {@code /api/v2/me/{segment}/{id}}. */
    public String pathSegment() {
        return pathSegment;
    }

    /** CometD channel the interaction notifications arrive on. */
    public String topic() {
        return topic;
    }

    /** {@code messageType} of state-change notifications. */
    public String stateMessageType() {
        return stateMessageType;
    }

    /** Key of the interaction object inside a state-change notification. */
    public String objectKey() {
        return objectKey;
    }

    /** Key of the interaction URI inside a {@code MessageLogUpdated} notification. */
    public String uriKey() {
        return uriKey;
    }

    /** Key of the interaction path inside a {@code MessageLogUpdated} notification. */
    public String pathKey() {
        return pathKey;
    }

    /** Lower-case name used in configuration and DSL parameters: {@code chat} or {@code sms}. */
    public String shortName() {
        return this == CHAT ? "chat" : "sms";
    }

    /** Parses a media name as users write it: {@code chat}, {@code sms}, {@code smssession}... */
    public static Optional<Media> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "chat", "chats" -> Optional.of(CHAT);
            case "sms", "smssession", "smssessions", "smsession", "smsessions", "smsssession", "smsssessions" ->
                    Optional.of(SMS);
            default -> Optional.empty();
        };
    }

    /** Parses a resource path segment, tolerating the variant spellings. */
    public static Optional<Media> fromPathSegment(String segment) {
        return fromName(segment);
    }

    /** Parses a media channel name ({@code chat}, {@code smssession}, tolerant). */
    public static Optional<Media> fromChannelName(String channel) {
        return fromName(channel);
    }

    /** Parses a state-change {@code messageType}, ignoring case and the one-{@code s} variant. */
    public static Optional<Media> fromStateMessageType(String messageType) {
        if (messageType == null) {
            return Optional.empty();
        }
        // Called for every notification: no allocation for the documented spellings.
        String t = messageType.strip();
        if (t.equalsIgnoreCase("ChatStateChangeMessage")) {
            return Optional.of(CHAT);
        }
        if (t.equalsIgnoreCase("SMSsessionStateChangeMessage") || t.equalsIgnoreCase("SMSessionStateChangeMessage")) {
            return Optional.of(SMS);
        }
        return Optional.empty();
    }

    /** Guesses the media of a notification from the keys it carries (object key or URI key). */
    public static Optional<Media> fromNotificationKeys(Map<String, ?> data) {
        if (data.containsKey("chat") || data.containsKey("chatUri") || data.containsKey("chatPath")) {
            return Optional.of(CHAT);
        }
        for (String key : data.keySet()) {
            if (key.startsWith("smss") || key.startsWith("smse")) {
                return Optional.of(SMS);
            }
        }
        return Optional.empty();
    }

    /** Guesses the media from a CometD channel name such as {@code /v2/me/smssessions}. */
    public static Optional<Media> fromTopic(String channel) {
        if (channel == null) {
            return Optional.empty();
        }
        int slash = channel.lastIndexOf('/');
        return fromName(channel.substring(slash + 1));
    }
}
