package io.gwsload.simulator.cometd;

import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.model.LogEntry;
import io.gwsload.simulator.model.Party;
import io.gwsload.simulator.ops.OpContext;
import io.gwsload.simulator.users.Capabilities;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;

/**
 * Builds notification payloads ({@code data} objects) and resource objects exactly in the shapes of
 * docs/gws-api.md §6, as one participant sees the interaction. Null fields are left out. Call with the
 * interaction's lock held: the result is a snapshot, safe to publish later.
 */
public final class Notifications {
    private Notifications() {
    }

    /** The {@code chat} / {@code smssession} object. {@code viewer} may be null (no participant). */
    public static Map<String, Object> interactionObject(Interaction i, Party viewer, boolean participants) {
        Map<String, Object> m = new LinkedHashMap<>(12);
        m.put("id", i.id);
        m.put("uri", i.uri);
        m.put("path", i.path);
        if (viewer != null) {
            m.put("state", viewer.state.name());
        }
        m.put("chatType", "Inbound");
        m.put("receivedDate", i.receivedDate);
        List<String> caps = Capabilities.of(i, viewer);
        if (caps != null) {
            m.put("capabilities", caps);
        }
        m.put("participants", participants ? visibleParticipants(i, viewer) : List.of());
        m.put("userData", new LinkedHashMap<>(i.userData));
        if (i.comment != null) {
            m.put("comment", i.comment);
        }
        return m;
    }

    /** The joined participants (and the customer while present) the viewer can see. */
    static List<Map<String, Object>> visibleParticipants(Interaction i, Party viewer) {
        boolean supervisor = viewer == null || viewer.isSupervisor();
        List<Map<String, Object>> list = new ArrayList<>(i.parties.size() + 1);
        for (Party p : i.parties) {
            if (p.isChatting() && p.visibility.visibleTo(supervisor)) {
                list.add(p.wire());
            }
        }
        if (i.customerPresent) {
            list.add(i.customerWire());
        }
        return list;
    }

    /** The transcript entries the viewer can see, from index {@code fromIndex} on, at most {@code max}. */
    public static List<Map<String, Object>> visibleMessages(Interaction i, Party viewer, int fromIndex, int max) {
        boolean supervisor = viewer == null || viewer.isSupervisor();
        List<Map<String, Object>> list = new ArrayList<>();
        for (LogEntry e : i.log) {
            if (list.size() >= max) {
                break;
            }
            if (e.index() >= fromIndex && e.visibility().visibleTo(supervisor)) {
                list.add(e.wire());
            }
        }
        return list;
    }

    public static Map<String, Object> statusChange(Interaction i, Party viewer, long referenceId, boolean participants) {
        return stateMessage(i, viewer, MessageTypes.STATUS_CHANGE, referenceId, participants);
    }

    public static Map<String, Object> participantsUpdated(Interaction i, Party viewer, long referenceId) {
        return stateMessage(i, viewer, MessageTypes.PARTICIPANTS_UPDATED, referenceId, true);
    }

    public static Map<String, Object> propertiesUpdated(Interaction i, Party viewer, long referenceId) {
        return stateMessage(i, viewer, MessageTypes.PROPERTIES_UPDATED, referenceId, true);
    }

    /** {@code {"messageType":...,"notificationType":"Error","errorMessage":..,"referenceId":N,"chat":{..}}} */
    public static Map<String, Object> error(Interaction i, Party viewer, long referenceId, String errorMessage) {
        Map<String, Object> m = new LinkedHashMap<>(6);
        m.put("messageType", i.media.stateMessageType());
        m.put("notificationType", MessageTypes.ERROR);
        m.put("errorMessage", errorMessage);
        putReference(m, referenceId);
        m.put(i.media.objectKey(), interactionObject(i, viewer, true));
        return m;
    }

    /** {@code MessageLogUpdated / NewMessages} with {@code chatUri} + {@code chatPath} (or the SMS keys). */
    public static Map<String, Object> messageLog(Interaction i, List<Map<String, Object>> messages, long referenceId) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("messageType", MessageTypes.MESSAGE_LOG_UPDATED);
        m.put("notificationType", MessageTypes.NEW_MESSAGES);
        putReference(m, referenceId);
        m.put(i.media.uriKey(), i.uri);
        m.put(i.media.pathKey(), i.path);
        m.put("messages", messages);
        return m;
    }

    /** The entries of {@code entries} the viewer can see (empty when none). */
    public static List<Map<String, Object>> visible(List<LogEntry> entries, Party viewer) {
        boolean supervisor = viewer.isSupervisor();
        List<Map<String, Object>> list = new ArrayList<>(entries.size());
        for (LogEntry e : entries) {
            if (e.visibility().visibleTo(supervisor)) {
                list.add(e.wire());
            }
        }
        return list;
    }

    /** {@code ChannelStateChangeMessageV2} listing the given channels of the agent. */
    public static Map<String, Object> channelState(Agent agent, List<Media> media, long referenceId) {
        Map<String, Object> m = new LinkedHashMap<>(4);
        m.put("messageType", MessageTypes.CHANNEL_STATE_CHANGE);
        putReference(m, referenceId);
        m.put("channels", channels(agent, media));
        return m;
    }

    /** A choice: an Error for a channel operation: the same form with {@code ChannelStateChangeMessageV2}. */
    public static Map<String, Object> channelError(Agent agent, List<Media> media, long referenceId, String errorMessage) {
        Map<String, Object> m = new LinkedHashMap<>(6);
        m.put("messageType", MessageTypes.CHANNEL_STATE_CHANGE);
        m.put("notificationType", MessageTypes.ERROR);
        m.put("errorMessage", errorMessage);
        putReference(m, referenceId);
        m.put("channels", channels(agent, media));
        return m;
    }

    public static List<Map<String, Object>> channels(Agent agent, List<Media> media) {
        List<Map<String, Object>> channels = new ArrayList<>(media.size());
        for (Media md : media) {
            Map<String, Object> c = new LinkedHashMap<>(4);
            c.put("channel", md.channelName());
            c.put("dndState", "Off");
            c.put("userState", agent.channel(md).userState());
            channels.add(c);
        }
        return channels;
    }

    private static Map<String, Object> stateMessage(Interaction i, Party viewer, String notificationType,
            long referenceId, boolean participants) {
        Map<String, Object> m = new LinkedHashMap<>(6);
        m.put("messageType", i.media.stateMessageType());
        m.put("notificationType", notificationType);
        putReference(m, referenceId);
        m.put(i.media.objectKey(), interactionObject(i, viewer, participants));
        return m;
    }

    private static void putReference(Map<String, Object> m, long referenceId) {
        if (referenceId != OpContext.NO_REFERENCE) {
            m.put("referenceId", referenceId);
        }
    }
}
