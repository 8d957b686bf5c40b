package io.gwsload.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One CometD notification from GWS: the channel it came on and its {@code data} object, with the
 * fields the harness correlates on read once. Unknown fields and unknown message types are kept
 * in {@link #data()}, never rejected.
 */
public final class Notification {
    /** {@link #referenceId()} of a notification that carries none (routed offers, customer messages). */
    public static final long NO_REFERENCE = -1;

    private static final String[] OBJECT_KEYS = {"chat", "smssession", "smsession"};
    /** What a {@link #summary()} keeps of {@code data}, and of its interaction object. */
    private static final String[] SUMMARY_KEYS = {"messageType", "notificationType", "errorMessage", "referenceId"};
    private static final String[] SUMMARY_OBJECT_KEYS = {"id", "state"};
    private static final String[] LOCATION_KEYS = {"chatUri", "chatPath", "smssessionUri", "smssessionPath",
        "smsessionUri", "smsessionPath"};

    private final String channel;
    private final Map<String, Object> data;
    private final String messageType;
    private final String notificationType;
    private final String errorMessage;
    private final long referenceId;
    private final boolean invalidReferenceId;
    private final Media media;
    private final boolean stateChange;
    private final long[] causes;

    private Notification(String channel, Map<String, Object> data, long[] causes) {
        this.channel = channel;
        this.data = data;
        this.causes = causes;
        this.messageType = string(data.get("messageType"));
        this.notificationType = string(data.get("notificationType"));
        this.errorMessage = string(data.get("errorMessage"));
        Object ref = data.get("referenceId");
        this.referenceId = parseReferenceId(ref);
        this.invalidReferenceId = ref != null && referenceId == NO_REFERENCE;
        Media m = Media.fromStateMessageType(messageType).orElse(null);
        this.stateChange = m != null;
        if (m == null) {
            m = Media.fromNotificationKeys(data).orElse(null);
        }
        if (m == null && !MessageTypes.CHANNEL_STATE_CHANGE.equals(messageType)) {
            m = Media.fromTopic(channel).orElse(null);
        }
        this.media = m;
    }

    /** A summary of {@code full}: every field read once, and of {@code data} only what {@link #toString} shows. */
    private Notification(Notification full, Map<String, Object> data) {
        this.channel = full.channel;
        this.data = data;
        this.causes = full.causes;
        this.messageType = full.messageType;
        this.notificationType = full.notificationType;
        this.errorMessage = full.errorMessage;
        this.referenceId = full.referenceId;
        this.invalidReferenceId = full.invalidReferenceId;
        this.media = full.media;
        this.stateChange = full.stateChange;
    }

    /**
     * This notification without its content: its types, ids, interaction, state and audit stamp, in a {@code data}
     * of a few entries. For what is kept long after the content was read (a completion held for attribution keeps
     * one for as long as its hold: at 1,000 toggles/s, tens of thousands of parsed payloads).
     */
    public Notification summary() {
        List<Map.Entry<String, Object>> kept = new java.util.ArrayList<>(6);
        for (String key : SUMMARY_KEYS) {
            if (data.get(key) != null) {
                kept.add(Map.entry(key, data.get(key)));
            }
        }
        for (String key : OBJECT_KEYS) {
            if (data.get(key) instanceof Map<?, ?> object) {
                List<Map.Entry<String, Object>> small = new java.util.ArrayList<>(2);
                for (String field : SUMMARY_OBJECT_KEYS) {
                    if (object.get(field) != null) {
                        small.add(Map.entry(field, object.get(field)));
                    }
                }
                kept.add(Map.entry(key, Map.ofEntries(small.toArray(Map.Entry[]::new))));
                break;
            }
        }
        for (String key : LOCATION_KEYS) {
            if (data.get(key) instanceof String location && !location.isEmpty()) {
                kept.add(Map.entry(key, location));
                break;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> compact = Map.ofEntries(kept.toArray(Map.Entry[]::new));
        return new Notification(this, compact);
    }

    /** Reads a notification from a Bayeux message's channel and data map (kept as given, not copied). */
    public static Notification of(String channel, Map<String, Object> data) {
        if (data == null) {
            throw new IllegalArgumentException("notification on " + channel + " has no data");
        }
        return new Notification(channel, data, null);
    }

    /**
     * As {@link #of(String, Map)}, with the simulator's audit stamp: the ids of the operations that caused it
     * ({@link AuditStamp}); null when the message carried none (a real GWS).
     */
    public static Notification of(String channel, Map<String, Object> data, long[] causes) {
        if (data == null) {
            throw new IllegalArgumentException("notification on " + channel + " has no data");
        }
        return new Notification(channel, data, causes);
    }

    /** The simulator's ids of the operations that caused this notification, or null when it carries no stamp. */
    public long[] causes() {
        return causes;
    }

    public String channel() {
        return channel;
    }

    /** The whole {@code data} object as received. */
    public Map<String, Object> data() {
        return data;
    }

    public String messageType() {
        return messageType;
    }

    public String notificationType() {
        return notificationType;
    }

    /** The server's error text of an {@code Error} notification, or null. */
    public String errorMessage() {
        return errorMessage;
    }

    public boolean hasReferenceId() {
        return referenceId != NO_REFERENCE;
    }

    /**
     * Whether the notification has a {@code referenceId} field that is not a non-negative integer
     * ({@code -5}, {@code "abc"}, {@code 2.5}): it is then treated as carrying none.
     */
    public boolean hasInvalidReferenceId() {
        return invalidReferenceId;
    }

    /** The {@code referenceId} of the request that caused this notification, or {@link #NO_REFERENCE}. */
    public long referenceId() {
        return referenceId;
    }

    public Optional<Media> media() {
        return Optional.ofNullable(media);
    }

    /** An {@code Error} notification: clients detect them by {@code errorMessage} (docs/gws-api.md §6). */
    public boolean isError() {
        return MessageTypes.ERROR.equalsIgnoreCase(notificationType) || errorMessage != null;
    }

    /** A {@code ChatStateChangeMessage} or {@code SMSsessionStateChangeMessage}. */
    public boolean isStateChange() {
        return stateChange;
    }

    public boolean isMessageLog() {
        return MessageTypes.MESSAGE_LOG_UPDATED.equals(messageType);
    }

    public boolean isChannelState() {
        return MessageTypes.CHANNEL_STATE_CHANGE.equals(messageType);
    }

    /** The {@code chat} / {@code smssession} object of a state change, or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> interactionObject() {
        for (String key : OBJECT_KEYS) {
            if (data.get(key) instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
        }
        return null;
    }

    /**
     * The id of the chat or SMS session this notification is about: the object's {@code id}, or the last
     * segment of {@code chatUri}/{@code chatPath} (and SMS variants) of a {@code MessageLogUpdated}.
     */
    public String interactionId() {
        Map<String, Object> object = interactionObject();
        if (object != null && object.get("id") != null) {
            return String.valueOf(object.get("id"));
        }
        for (String key : LOCATION_KEYS) {
            if (data.get(key) instanceof String location && !location.isEmpty()) {
                return location.substring(location.lastIndexOf('/') + 1);
            }
        }
        return null;
    }

    /** The raw {@code state} of the interaction object, or null. */
    public String state() {
        Map<String, Object> object = interactionObject();
        return object == null ? null : string(object.get("state"));
    }

    public Optional<InteractionState> interactionState() {
        return InteractionState.fromWire(state());
    }

    /** The interaction object as a typed record, or null when there is none. */
    public InteractionResource interaction() {
        Map<String, Object> object = interactionObject();
        return object == null ? null : Json.convert(object, InteractionResource.class);
    }

    /** The transcript entries of a {@code MessageLogUpdated}; empty for other notifications. */
    public List<LogMessage> messages() {
        Object messages = data.get("messages");
        if (!(messages instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(m -> Json.convert(m, LogMessage.class)).toList();
    }

    /** Whether a {@code MessageLogUpdated} carries a transcript entry of the given {@code type}. */
    public boolean hasMessageOfType(String type) {
        if (data.get("messages") instanceof List<?> list) {
            for (Object m : list) {
                if (m instanceof Map<?, ?> entry && type.equals(entry.get("type"))) {
                    return true;
                }
            }
        }
        return false;
    }

    public String toJson() {
        return Json.write(data);
    }

    /** A one-line summary for logs and KO messages; never the whole payload. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(messageType == null ? "notification" : messageType);
        if (notificationType != null) {
            sb.append('/').append(notificationType);
        }
        if (hasReferenceId()) {
            sb.append(" referenceId=").append(referenceId);
        }
        String id = interactionId();
        if (id != null) {
            sb.append(' ').append(media == null ? "interaction" : media.shortName()).append('=').append(id);
        }
        String state = state();
        if (state != null) {
            sb.append(" state=").append(state);
        }
        if (errorMessage != null) {
            sb.append(" errorMessage=").append(errorMessage);
        }
        return sb.toString();
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }

    /** A non-negative integer id, or {@link #NO_REFERENCE} (absent, negative, fractional or not a number). */
    private static long parseReferenceId(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long v = ((Number) value).longValue();
            return v >= 0 ? v : NO_REFERENCE;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d >= 0 && d == Math.rint(d) && d <= Long.MAX_VALUE ? (long) d : NO_REFERENCE;
        }
        if (value instanceof String s && !s.isEmpty()) {
            try {
                long v = Long.parseLong(s.trim());
                return v >= 0 ? v : NO_REFERENCE;
            } catch (NumberFormatException e) {
                return NO_REFERENCE;
            }
        }
        return NO_REFERENCE;
    }
}
