package io.gwsload.collector.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;

/**
 * What one agent knows of one scope (an interaction, or its channels) from the notifications it received:
 * its party's state, the participants and properties last shown, the highest transcript index, the channel
 * states. An operation takes a copy when it is registered, so that its effect is matched as a <em>change</em>
 * from what held then, never as a state that already held.
 */
public final class ScopeState {
    /** Nothing known yet. */
    public static final ScopeState UNKNOWN = new ScopeState();

    private String state;
    private List<?> participants;
    private Map<?, ?> userData;
    private Object comment;
    private boolean hasComment;
    private long maxIndex = -1;
    private Map<String, String> channels;

    public ScopeState() {
    }

    private ScopeState(ScopeState o) {
        state = o.state;
        participants = o.participants;
        userData = o.userData;
        comment = o.comment;
        hasComment = o.hasComment;
        maxIndex = o.maxIndex;
        channels = o.channels == null ? null : new HashMap<>(o.channels);
    }

    public ScopeState copy() {
        return new ScopeState(this);
    }

    /** Takes in what a notification shows (never an Error). */
    public void apply(Notification n) {
        if (n.isError()) {
            return;
        }
        if (n.isChannelState() && n.data().get("channels") instanceof List<?> list) {
            if (channels == null) {
                channels = new HashMap<>(4);
            }
            for (Object o : list) {
                if (o instanceof Map<?, ?> c && c.get("userState") instanceof Map<?, ?> u
                        && u.get("state") instanceof String s) {
                    channels.put(channelKey(c.get("channel")), s);
                }
            }
            return;
        }
        Map<String, Object> object = n.interactionObject();
        if (object != null) {
            if (n.state() != null) {
                state = n.state();
            }
            // A StatusChange may list them too (an offer lists who is there), or leave the list empty ("participants
            // may be empty" when Chatting): only a list it gives counts.
            if (object.get("participants") instanceof List<?> p
                    && (MessageTypes.PARTICIPANTS_UPDATED.equals(n.notificationType())
                            || MessageTypes.STATUS_CHANGE.equals(n.notificationType()) && !p.isEmpty())) {
                participants = p;
            }
            if (object.get("userData") instanceof Map<?, ?> u) {
                userData = u;
            }
            if (object.containsKey("comment")) {
                comment = object.get("comment");
                hasComment = true;
            }
        }
        if (n.isMessageLog() && n.data().get("messages") instanceof List<?> list) {
            for (Object m : list) {
                long index = index(m);
                if (index > maxIndex) {
                    maxIndex = index;
                }
            }
        }
    }

    /** The party's interaction state last shown, or null. */
    public String state() {
        return state;
    }

    /** The participants last listed (by a ParticipantsUpdated, or a StatusChange that lists any), or an empty list. */
    public List<?> participants() {
        return participants == null ? List.of() : participants;
    }

    /** The user data last shown, or null. */
    public Map<?, ?> userData() {
        return userData;
    }

    /** The comment last shown, or null. */
    public Object comment() {
        return hasComment ? comment : null;
    }

    /** The highest transcript index seen, or -1. */
    public long maxIndex() {
        return maxIndex;
    }

    /** The state last shown of a media channel (by its channel name), or null. */
    public String channel(String channelName) {
        return channels == null ? null : channels.get(channelName);
    }

    /** A transcript entry's index, or -1 when it has none. */
    public static long index(Object entry) {
        return entry instanceof Map<?, ?> m && m.get("index") instanceof Number i ? i.longValue() : -1;
    }

    private static String channelKey(Object channel) {
        String name = String.valueOf(channel);
        return Media.fromChannelName(name).map(Media::channelName).orElse(name);
    }
}
