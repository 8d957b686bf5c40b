package io.gwsload.collector;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationName;

/**
 * The completion rule of every operation: the notification that shows it took effect, in one table.
 * The collector completes an operation by its {@code referenceId} where GWS gives one, and otherwise by
 * this effect, looked for among the notifications of the operation's interaction (or, for agent-state
 * operations, of {@code /v2/me/channels}). Sources are gws-api.md §1, §5, §6 and the seed pages.
 *
 * <table>
 * <caption>Operation → the effect that completes it</caption>
 * <tr><th>Operation</th><th>Effect</th></tr>
 * <tr><td>StartContactCenterSession</td><td>ChannelStateChangeMessageV2 with a channel not LoggedOut</td></tr>
 * <tr><td>Ready / NotReady</td><td>ChannelStateChangeMessageV2: that media's channel in state Ready / NotReady</td></tr>
 * <tr><td>Accept</td><td>a state change of the interaction to Chatting (StatusChange, or ParticipantsUpdated)</td></tr>
 * <tr><td>Intrude</td><td>a state change of the interaction to Invited (the supervisor's offer)</td></tr>
 * <tr><td>Reject, Complete</td><td>state Completed (or Revoked)</td></tr>
 * <tr><td>Leave, Transfer</td><td>state LeftChat, Completed or Revoked</td></tr>
 * <tr><td>Invite, Consult</td><td>the target joins: ParticipantsUpdated listing it, or its ParticipantJoined
 *   (a joining agent other than the caller when the target cannot be told), with visibility All (Invite)
 *   or Agents (Consult) where the notification gives one</td></tr>
 * <tr><td>SwitchToMonitor / SwitchToCoach / SwitchToBargeIn</td><td>ParticipantsUpdated showing the caller
 *   with visibility Supervisors / Agents / All, or the caller's ParticipantRejoined</td></tr>
 * <tr><td>SendMessage, SendToAgents</td><td>the caller's Text entry with that text in MessageLogUpdated</td></tr>
 * <tr><td>SendUrl</td><td>the caller's PushUrl entry with that url</td></tr>
 * <tr><td>SendCustomNotice(ToAgents)</td><td>a CustomNotice entry with that text</td></tr>
 * <tr><td>Send(Start|Stop)Typing(ToAgents)Notification</td><td>the caller's TypingStarted / TypingStopped entry</td></tr>
 * <tr><td>SetDisposition, Attach/Update/DeleteUserData, AddComment</td><td>PropertiesUpdated of the interaction
 *   showing the change (the disposition, the given user data, the keys gone, the comment) where it has userData</td></tr>
 * <tr><td>EndContactCenterSession, CancelConsult, SetInFocus, Monitor, Coach, BargeIn,
 *   CancelSupervisorMonitoring</td><td>none documented: the HTTP answer ends them</td></tr>
 * </table>
 *
 * <p>An {@code Error} notification is never an effect: with the operation's referenceId it fails that
 * operation; without one (or with an id no operation knows) it fails the oldest operation still waiting
 * in its scope.
 */
public final class CompletionRules {
    private CompletionRules() {
    }

    /**
     * The expectation of one operation, or null when none is documented (only the HTTP answer counts).
     *
     * @param media         the media of a channel or interaction operation, or null
     * @param interactionId the chat or SMS session id of an interaction operation, or null
     * @param parameters    the request's parameters (texts and urls are matched against the transcript)
     * @param caller        the agent posting it
     * @param target        the agent an Invite or Consult is for, or {@link Identity#UNKNOWN}
     */
    public static Expectation of(OperationName op, Media media, String interactionId, Map<String, ?> parameters,
            Identity caller, Identity target) {
        Objects.requireNonNull(op, "op");
        Identity me = caller == null ? Identity.UNKNOWN : caller;
        Identity them = target == null ? Identity.UNKNOWN : target;
        return switch (op) {
            case StartContactCenterSession -> channels("a channel state after login",
                    n -> channelStates(n, null, s -> !"LoggedOut".equals(s)));
            case Ready, NotReady -> {
                String channel = media == null ? null : media.channelName();
                String state = op.name();
                yield channels("the " + (media == null ? "" : media.shortName() + " ") + "channel in state " + state,
                        n -> channelStates(n, channel, state::equals));
            }
            case Accept -> on(interactionId, "a state change to Chatting", n -> hasState(n, "Chatting"));
            case Intrude -> on(interactionId, "a state change to Invited", n -> hasState(n, "Invited"));
            case Reject, Complete -> on(interactionId, "a state change to Completed",
                    n -> hasState(n, "Completed") || hasState(n, "Revoked"));
            case Leave, Transfer -> on(interactionId, "a state change to LeftChat or Completed",
                    n -> hasState(n, "LeftChat") || hasState(n, "Completed") || hasState(n, "Revoked"));
            case Invite, Consult -> {
                // A consultant joins visible to agents only, a conference guest to all: an Invite of an agent
                // already there as consultant completes when it is listed with visibility All.
                String visibility = op == OperationName.Invite ? "All" : "Agents";
                yield on(interactionId, "the invited agent joining",
                        n -> lists(n, them, me, visibility) || hasEntry(n, "ParticipantJoined",
                                e -> visible(e, visibility) && joinedBy(e, them, me)));
            }
            case SwitchToMonitor -> switched(interactionId, me, "Supervisors");
            case SwitchToCoach -> switched(interactionId, me, "Agents");
            case SwitchToBargeIn -> switched(interactionId, me, "All");
            case SendMessage, SendToAgents -> {
                Object text = parameters == null ? null : parameters.get("text");
                yield on(interactionId, "the message in the transcript",
                        n -> hasEntry(n, "Text", e -> byCaller(e, me) && (text == null || text.equals(e.get("text")))));
            }
            case SendUrl -> {
                Object url = parameters == null ? null : parameters.get("url");
                yield on(interactionId, "the url in the transcript",
                        n -> hasEntry(n, "PushUrl", e -> byCaller(e, me) && (url == null || url.equals(e.get("url")))));
            }
            case SendCustomNotice, SendCustomNoticeToAgents -> {
                Object text = parameters == null ? null : parameters.get("noticeText");
                yield on(interactionId, "the notice in the transcript", n -> hasEntry(n, "CustomNotice",
                        e -> text == null || text.equals(e.get("noticeText")) || text.equals(e.get("text"))));
            }
            case SendStartTypingNotification, SendStartTypingToAgentsNotification ->
                    on(interactionId, "TypingStarted in the transcript", n -> hasEntry(n, "TypingStarted", e -> byCaller(e, me)));
            case SendStopTypingNotification, SendStopTypingToAgentsNotification ->
                    on(interactionId, "TypingStopped in the transcript", n -> hasEntry(n, "TypingStopped", e -> byCaller(e, me)));
            case SetDisposition, AttachUserData, UpdateUserData, DeleteUserData, AddComment ->
                    on(interactionId, "PropertiesUpdated with the change",
                            n -> MessageTypes.PROPERTIES_UPDATED.equals(n.notificationType()) && n.isStateChange()
                                    && showsChange(op, n, parameters == null ? Map.of() : parameters));
            case EndContactCenterSession, CancelConsult, SetInFocus, Monitor, Coach, BargeIn,
                    CancelSupervisorMonitoring -> null;
        };
    }

    private static Expectation channels(String description, Predicate<Notification> effect) {
        return new Expectation(Expectation.CHANNELS, n -> n.isChannelState() && !n.isError() && effect.test(n),
                description);
    }

    private static Expectation on(String interactionId, String description, Predicate<Notification> effect) {
        if (interactionId == null) {
            return null; // no interaction to look at: only a referenceId can complete it
        }
        return new Expectation(interactionId, n -> !n.isError() && effect.test(n), description);
    }

    private static Expectation switched(String interactionId, Identity me, String visibility) {
        return on(interactionId, "the caller with visibility " + visibility,
                n -> (MessageTypes.PARTICIPANTS_UPDATED.equals(n.notificationType())
                        && participants(n).stream().anyMatch(p -> me.match(p) == Identity.Match.YES
                                && p instanceof Map<?, ?> m && visibility.equals(m.get("visibility"))))
                        || hasEntry(n, "ParticipantRejoined", e -> byCaller(e, me)));
    }

    /**
     * Whether a PropertiesUpdated shows this operation's change: the disposition, the user data given, the
     * keys deleted, the comment. A notification without {@code userData} cannot tell and counts.
     */
    private static boolean showsChange(OperationName op, Notification n, Map<String, ?> parameters) {
        Map<String, Object> object = n.interactionObject();
        if (object == null) {
            return true;
        }
        if (op == OperationName.AddComment) {
            Object comment = parameters.get("comment");
            return comment == null || !object.containsKey("comment") || comment.equals(object.get("comment"));
        }
        if (!(object.get("userData") instanceof Map<?, ?> userData)) {
            return true;
        }
        return switch (op) {
            case SetDisposition -> {
                Object value = parameters.get("disposition");
                Object key = parameters.get("dispositionKey");
                yield value == null || (key != null ? same(value, userData.get(key))
                        : userData.values().stream().anyMatch(v -> same(value, v)));
            }
            case AttachUserData, UpdateUserData -> !(parameters.get("userData") instanceof Map<?, ?> given)
                    || given.entrySet().stream().allMatch(e -> same(e.getValue(), userData.get(e.getKey())));
            case DeleteUserData -> !(parameters.get("keys") instanceof List<?> keys)
                    || keys.stream().noneMatch(userData::containsKey);
            default -> true;
        };
    }

    private static boolean same(Object expected, Object actual) {
        return actual != null && String.valueOf(expected).equals(String.valueOf(actual));
    }

    private static boolean visible(Map<?, ?> entry, String visibility) {
        Object v = entry.get("visibility");
        return v == null || visibility.equals(v);
    }

    private static boolean hasState(Notification n, String state) {
        return n.isStateChange() && state.equals(n.state());
    }

    /** A ParticipantsUpdated listing the target (known by uri or nickname). */
    private static boolean lists(Notification n, Identity target, Identity caller, String visibility) {
        if (!MessageTypes.PARTICIPANTS_UPDATED.equals(n.notificationType())) {
            return false;
        }
        for (Object p : participants(n)) {
            if (target.match(p) == Identity.Match.YES && caller.match(p) != Identity.Match.YES
                    && p instanceof Map<?, ?> m && visible(m, visibility)) {
                return true;
            }
        }
        return false;
    }

    /** A ParticipantJoined by the target, or, when the entry cannot tell, by an agent other than the caller. */
    private static boolean joinedBy(Map<?, ?> entry, Identity target, Identity caller) {
        Object from = entry.get("from");
        return switch (target.match(from)) {
            case YES -> true;
            case NO -> false;
            case UNKNOWN -> from instanceof Map<?, ?> f && "Agent".equals(f.get("type"))
                    && caller.match(from) != Identity.Match.YES;
        };
    }

    /** Whether a transcript entry is the caller's; an entry that cannot tell is taken to be. */
    private static boolean byCaller(Map<?, ?> entry, Identity caller) {
        return caller.match(entry.get("from")) != Identity.Match.NO;
    }

    private static List<?> participants(Notification n) {
        Map<String, Object> object = n.interactionObject();
        return object != null && object.get("participants") instanceof List<?> l ? l : List.of();
    }

    private static boolean hasEntry(Notification n, String type, Predicate<Map<?, ?>> test) {
        if (n.isMessageLog() && n.data().get("messages") instanceof List<?> list) {
            for (Object m : list) {
                if (m instanceof Map<?, ?> e && type.equals(e.get("type")) && test.test(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a channel state notification lists {@code channel} (any, when null) in a state that passes. */
    private static boolean channelStates(Notification n, String channel, Predicate<String> state) {
        if (!(n.data().get("channels") instanceof List<?> list)) {
            return false;
        }
        for (Object o : list) {
            if (o instanceof Map<?, ?> c && (channel == null || Media.fromChannelName(String.valueOf(c.get("channel")))
                    .map(Media::channelName).orElse("").equals(channel))
                    && c.get("userState") instanceof Map<?, ?> u && u.get("state") instanceof String s && state.test(s)) {
                return true;
            }
        }
        return false;
    }
}
