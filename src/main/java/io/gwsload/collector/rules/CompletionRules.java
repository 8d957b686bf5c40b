package io.gwsload.collector.rules;

import io.gwsload.collector.Expectation;
import io.gwsload.collector.Identity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationName;

/**
 * The completion rule of every operation: the notification that shows it took effect, in one table.
 * The collector completes an operation by its {@code referenceId} where GWS gives one, and otherwise by
 * this effect, looked for among the notifications of the operation's interaction (or, for agent-state
 * operations, of {@code /v2/me/channels}). An effect is a <em>change</em> from what the agent knew of that
 * scope when the operation was registered ({@link ScopeState}): a state, a participant or a property that
 * already held, or a transcript entry already seen, never completes an operation. The facts come from the
 * GWS documentation (docs/gws-api.md in the repository).
 *
 * <table>
 * <caption>Operation → the effect that completes it</caption>
 * <tr><th>Operation</th><th>Effect</th></tr>
 * <tr><td>StartContactCenterSession</td><td>ChannelStateChangeMessageV2 with a channel not LoggedOut</td></tr>
 * <tr><td>Ready / NotReady</td><td>ChannelStateChangeMessageV2: that media's channel in state Ready / NotReady
 *   (without a media: every channel it lists)</td></tr>
 * <tr><td>Accept</td><td>StatusChange or ParticipantsUpdated of the interaction in state Chatting, where it was
 *   not Chatting</td></tr>
 * <tr><td>Intrude</td><td>the supervisor's offer: state Invited, where it had no party (passed on to waits)</td></tr>
 * <tr><td>Reject, Complete</td><td>state Completed (or Revoked), where it was neither</td></tr>
 * <tr><td>Leave, Transfer</td><td>state LeftChat, Completed or Revoked, where it was none of them</td></tr>
 * <tr><td>Invite, Consult</td><td>the target joins: a ParticipantsUpdated listing it (by uri or nickname) with
 *   visibility All (Invite) or Agents (Consult) where it was not listed so, or its ParticipantJoined entry; the
 *   target must be identifiable, or the step is refused before its POST</td></tr>
 * <tr><td>SwitchToMonitor / SwitchToCoach / SwitchToBargeIn</td><td>ParticipantsUpdated showing the caller with
 *   visibility Supervisors / Agents / All where it had another, or the caller's ParticipantRejoined entry</td></tr>
 * <tr><td>SendMessage, SendToAgents</td><td>a new Text entry of the caller with that text</td></tr>
 * <tr><td>SendUrl</td><td>a new PushUrl entry of the caller with that url</td></tr>
 * <tr><td>SendCustomNotice(ToAgents)</td><td>a new CustomNotice entry with that text</td></tr>
 * <tr><td>Send(Start|Stop)Typing(ToAgents)Notification</td><td>a new TypingStarted / TypingStopped entry of the
 *   caller</td></tr>
 * <tr><td>SetDisposition, Attach/UpdateUserData</td><td>PropertiesUpdated whose userData shows the values given</td></tr>
 * <tr><td>DeleteUserData</td><td>PropertiesUpdated whose userData lacks the keys given</td></tr>
 * <tr><td>AddComment</td><td>PropertiesUpdated whose {@code comment} is the one given</td></tr>
 * <tr><td>EndContactCenterSession, CancelConsult, SetInFocus, Monitor, Coach, BargeIn,
 *   CancelSupervisorMonitoring</td><td>none documented: the HTTP answer ends them</td></tr>
 * </table>
 *
 * <p>"New" transcript entries are those with an index above the highest the agent had seen (an entry
 * without an index counts as new). A PropertiesUpdated goes to every participant, so one can show this
 * operation's change while another participant's operation caused it: such a completion is doubtful and the
 * collector checks it against what arrives later. An {@code Error} notification is never an effect.
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
        Map<String, ?> params = parameters == null ? Map.of() : parameters;
        return switch (op) {
            case StartContactCenterSession -> channels("a channel state after login",
                    (n, before) -> channelStates(n, null, s -> !"LoggedOut".equals(s), false));
            case Ready, NotReady -> TOGGLES.get(op)[media == null ? 0 : media.ordinal() + 1];
            case Accept -> stateChange(interactionId, "a state change to Chatting", Set.of("Chatting"), me, false);
            case Intrude -> stateChange(interactionId, "a state change to Invited", Set.of("Invited"), me, true);
            case Reject, Complete -> stateChange(interactionId, "a state change to Completed",
                    Set.of("Completed", "Revoked"), me, false);
            case Leave, Transfer -> stateChange(interactionId, "a state change to LeftChat or Completed",
                    Set.of("LeftChat", "Completed", "Revoked"), me, false);
            case Invite, Consult -> {
                // A consultant joins visible to agents only, a conference guest to all: an Invite of an agent
                // already there as consultant completes when it is listed with visibility All.
                String visibility = op == OperationName.Invite ? "All" : "Agents";
                yield on(interactionId, "the invited agent joining", new JoinEffect(them, me, visibility));
            }
            case SwitchToMonitor -> on(interactionId, "the caller with visibility Supervisors",
                    new SwitchEffect(me, "Supervisors"));
            case SwitchToCoach -> on(interactionId, "the caller with visibility Agents", new SwitchEffect(me, "Agents"));
            case SwitchToBargeIn -> on(interactionId, "the caller with visibility All", new SwitchEffect(me, "All"));
            case SendMessage, SendToAgents -> {
                Object text = params.get("text");
                yield on(interactionId, "the message in the transcript", entry("Text",
                        e -> byCaller(e, me) && (text == null || text.equals(e.get("text")))));
            }
            case SendUrl -> {
                Object url = params.get("url");
                yield on(interactionId, "the url in the transcript", entry("PushUrl",
                        e -> byCaller(e, me) && (url == null || url.equals(e.get("url")))));
            }
            case SendCustomNotice, SendCustomNoticeToAgents -> {
                Object text = params.get("noticeText");
                yield on(interactionId, "the notice in the transcript", entry("CustomNotice",
                        e -> text == null || text.equals(e.get("noticeText")) || text.equals(e.get("text"))));
            }
            case SendStartTypingNotification, SendStartTypingToAgentsNotification ->
                    on(interactionId, "TypingStarted in the transcript", entry("TypingStarted", e -> byCaller(e, me)));
            case SendStopTypingNotification, SendStopTypingToAgentsNotification ->
                    on(interactionId, "TypingStopped in the transcript", entry("TypingStopped", e -> byCaller(e, me)));
            case SetDisposition, AttachUserData, UpdateUserData, DeleteUserData, AddComment ->
                    on(interactionId, "PropertiesUpdated with the change", new PropertiesEffect(op, params));
            case EndContactCenterSession, CancelConsult, SetInFocus, Monitor, Coach, BargeIn,
                    CancelSupervisorMonitoring -> null;
        };
    }

    /**
     * Ready and NotReady by media (none first): one rule each, made once, as they depend on nothing else; a toggle
     * that is held for attribution keeps its rule for as long as its hold.
     */
    private static final Map<OperationName, Expectation[]> TOGGLES = new java.util.EnumMap<>(OperationName.class);

    static {
        for (OperationName op : new OperationName[] {OperationName.Ready, OperationName.NotReady}) {
            Expectation[] byMedia = new Expectation[Media.values().length + 1];
            for (int m = 0; m < byMedia.length; m++) {
                Media media = m == 0 ? null : Media.values()[m - 1];
                String channel = media == null ? null : media.channelName();
                String state = op.name();
                byMedia[m] = channels("the " + (media == null ? "" : media.shortName() + " ") + "channel in state "
                        + state, (n, before) -> channelStates(n, channel, state::equals, channel == null));
            }
            TOGGLES.put(op, byMedia);
        }
    }

    private static Expectation channels(String description, Expectation.Effect effect) {
        return new Expectation(Expectation.CHANNELS, (n, before) -> n.isChannelState() && effect.shownBy(n, before),
                description, false);
    }

    private static Expectation on(String interactionId, String description, Expectation.Effect effect) {
        if (interactionId == null) {
            return null; // no interaction to look at: only a referenceId can complete it
        }
        return new Expectation(interactionId, effect, description, false);
    }

    /** The party's state moved into {@code states} from one outside them, shown by StatusChange or ParticipantsUpdated. */
    private static Expectation stateChange(String interactionId, String description, Set<String> states,
            Identity caller, boolean passOn) {
        Expectation e = on(interactionId, description, new StateEffect(states, caller));
        return e == null ? null : e.withPassOn(passOn);
    }

    private record StateEffect(Set<String> states, Identity caller) implements Expectation.Effect {
        @Override
        public boolean shownBy(Notification n, ScopeState before) {
            return n.isStateChange() && (MessageTypes.STATUS_CHANGE.equals(n.notificationType())
                    || MessageTypes.PARTICIPANTS_UPDATED.equals(n.notificationType()))
                    && n.state() != null && states.contains(n.state())
                    && (before.state() == null || !states.contains(before.state()));
        }

        /**
         * A ParticipantsUpdated that another party's change caused (a supervisor barging in while this operation's
         * own notifications are late) shows the caller's state too: when the others are not as they were, doubtful.
         */
        @Override
        public boolean showsOtherChanges(Notification n, ScopeState before) {
            return othersChanged(n, before, caller);
        }
    }

    /** A new transcript entry of a type that passes {@code test}. */
    private static Expectation.Effect entry(String type, Predicate<Map<?, ?>> test) {
        return new Expectation.Effect() {
            @Override
            public boolean shownBy(Notification n, ScopeState before) {
                if (n.isMessageLog() && n.data().get("messages") instanceof List<?> list) {
                    for (Object m : list) {
                        if (m instanceof Map<?, ?> e && shownByEntry(e, before)) {
                            return true;
                        }
                    }
                }
                return false;
            }

            @Override
            public boolean perEntry() {
                return true;
            }

            @Override
            public boolean shownByEntry(Map<?, ?> e, ScopeState before) {
                return type.equals(e.get("type")) && isNew(e, before) && test.test(e);
            }
        };
    }

    /** An entry the agent had not seen: its index above the highest seen, or no index to tell. */
    private static boolean isNew(Map<?, ?> entry, ScopeState before) {
        long index = ScopeState.index(entry);
        return index < 0 || index > before.maxIndex();
    }

    /** Invite / Consult: the target listed anew with the visibility, or its ParticipantJoined entry. */
    private record JoinEffect(Identity target, Identity caller, String visibility) implements Expectation.Effect {
        @Override
        public boolean shownBy(Notification n, ScopeState before) {
            if (MessageTypes.PARTICIPANTS_UPDATED.equals(n.notificationType())) {
                return listed(participants(n)) && !listed(before.participants());
            }
            if (n.isMessageLog() && n.data().get("messages") instanceof List<?> list) {
                for (Object m : list) {
                    if (m instanceof Map<?, ?> e && shownByEntry(e, before)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public boolean perEntry() {
            return true;
        }

        @Override
        public boolean shownByEntry(Map<?, ?> e, ScopeState before) {
            return "ParticipantJoined".equals(e.get("type")) && isNew(e, before) && visible(e, visibility)
                    && target.match(e.get("from")) == Identity.Match.YES;
        }

        private boolean listed(List<?> participants) {
            for (Object p : participants) {
                if (target.match(p) == Identity.Match.YES && caller.match(p) != Identity.Match.YES
                        && p instanceof Map<?, ?> m && visible(m, visibility)) {
                    return true;
                }
            }
            return false;
        }

        /** The invitee listed, and someone else changed too (left, joined, seen otherwise): doubtful. */
        @Override
        public boolean showsOtherChanges(Notification n, ScopeState before) {
            return othersChanged(n, before, target, caller);
        }
    }

    /** SwitchTo*: the caller shown with a new visibility, or its ParticipantRejoined entry. */
    private record SwitchEffect(Identity caller, String visibility) implements Expectation.Effect {
        @Override
        public boolean shownBy(Notification n, ScopeState before) {
            if (MessageTypes.PARTICIPANTS_UPDATED.equals(n.notificationType())) {
                return visibilityOf(participants(n)) != null && visibility.equals(visibilityOf(participants(n)))
                        && !visibility.equals(visibilityOf(before.participants()));
            }
            if (n.isMessageLog() && n.data().get("messages") instanceof List<?> list) {
                for (Object m : list) {
                    if (m instanceof Map<?, ?> e && shownByEntry(e, before)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public boolean perEntry() {
            return true;
        }

        @Override
        public boolean shownByEntry(Map<?, ?> e, ScopeState before) {
            return "ParticipantRejoined".equals(e.get("type")) && isNew(e, before)
                    && caller.match(e.get("from")) == Identity.Match.YES;
        }

        private Object visibilityOf(List<?> participants) {
            for (Object p : participants) {
                if (caller.match(p) == Identity.Match.YES && p instanceof Map<?, ?> m) {
                    return m.get("visibility");
                }
            }
            return null;
        }

        /**
         * A ParticipantsUpdated that another party's change caused (the agent completing, a guest joining) also lists
         * the caller as it now is: when the other participants are not as they were, the completion is doubtful.
         */
        @Override
        public boolean showsOtherChanges(Notification n, ScopeState before) {
            return othersChanged(n, before, caller);
        }
    }

    /**
     * Whether a ParticipantsUpdated lists the participants known to be none of {@code mine} (who, of what type, seen by
     * whom) otherwise than the baseline did: another party's change caused it, or came with it. False without a
     * baseline, and for participants whose identity cannot be told.
     */
    private static boolean othersChanged(Notification n, ScopeState before, Identity... mine) {
        return MessageTypes.PARTICIPANTS_UPDATED.equals(n.notificationType()) && !before.participants().isEmpty()
                && !others(participants(n), mine).equals(others(before.participants(), mine));
    }

    private static List<String> others(List<?> participants, Identity... mine) {
        List<String> keys = new ArrayList<>(participants.size());
        outer:
        for (Object p : participants) {
            if (!(p instanceof Map<?, ?> m)) {
                continue;
            }
            for (Identity id : mine) {
                if (id.match(p) != Identity.Match.NO) {
                    continue outer;
                }
            }
            keys.add(m.get("participantId") + "|" + m.get("type") + "|" + m.get("visibility"));
        }
        Collections.sort(keys);
        return keys;
    }

    /**
     * The property operations: a PropertiesUpdated that shows the change (the disposition, the user data
     * given, the keys gone, the comment); it must carry the interaction object and the part it changes.
     */
    private record PropertiesEffect(OperationName op, Map<String, ?> parameters) implements Expectation.Effect {
        @Override
        public boolean shownBy(Notification n, ScopeState before) {
            if (!MessageTypes.PROPERTIES_UPDATED.equals(n.notificationType()) || !n.isStateChange()) {
                return false;
            }
            Map<String, Object> object = n.interactionObject();
            if (object == null) {
                return false;
            }
            if (op == OperationName.AddComment) {
                Object comment = parameters.get("comment");
                return object.containsKey("comment") && (comment == null || comment.equals(object.get("comment")));
            }
            if (!(object.get("userData") instanceof Map<?, ?> userData)) {
                return false;
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
                default -> false;
            };
        }

        /** Another change than this operation's: the comment, or user data this operation did not touch. */
        @Override
        public boolean showsOtherChanges(Notification n, ScopeState before) {
            Map<String, Object> object = n.interactionObject();
            if (object == null) {
                return false;
            }
            boolean mineIsComment = op == OperationName.AddComment;
            if (!mineIsComment && object.containsKey("comment")
                    && !Objects.equals(object.get("comment"), before.comment())) {
                return true;
            }
            if (object.get("userData") instanceof Map<?, ?> now) {
                Map<?, ?> was = before.userData() == null ? Map.of() : before.userData();
                for (Map.Entry<?, ?> e : now.entrySet()) {
                    if (!Objects.equals(String.valueOf(e.getValue()), String.valueOf(was.get(e.getKey())))
                            && !touches(e.getKey())) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean touches(Object key) {
            return switch (op) {
                case SetDisposition -> parameters.get("dispositionKey") == null
                        || String.valueOf(parameters.get("dispositionKey")).equals(String.valueOf(key));
                case AttachUserData, UpdateUserData -> parameters.get("userData") instanceof Map<?, ?> given
                        && given.containsKey(key);
                default -> false;
            };
        }
    }

    private static boolean same(Object expected, Object actual) {
        return actual != null && String.valueOf(expected).equals(String.valueOf(actual));
    }

    private static boolean visible(Map<?, ?> entry, String visibility) {
        Object v = entry.get("visibility");
        return v == null || visibility.equals(v);
    }

    /** Whether a transcript entry is the caller's; an entry that cannot tell is taken to be. */
    private static boolean byCaller(Map<?, ?> entry, Identity caller) {
        return caller.match(entry.get("from")) != Identity.Match.NO;
    }

    private static List<?> participants(Notification n) {
        Map<String, Object> object = n.interactionObject();
        return object != null && object.get("participants") instanceof List<?> l ? l : List.of();
    }

    /**
     * Whether a channel state notification lists {@code channel} in a state that passes; without a channel,
     * any channel ({@code all} false) or every channel it lists ({@code all} true).
     */
    private static boolean channelStates(Notification n, String channel, Predicate<String> state, boolean all) {
        if (!(n.data().get("channels") instanceof List<?> list) || list.isEmpty()) {
            return false;
        }
        boolean any = false;
        for (Object o : list) {
            boolean listed = o instanceof Map<?, ?> c && (channel == null || Media.fromChannelName(
                    String.valueOf(c.get("channel"))).map(Media::channelName).orElse("").equals(channel));
            if (!listed) {
                continue;
            }
            Map<?, ?> c = (Map<?, ?>) o;
            boolean in = c.get("userState") instanceof Map<?, ?> u && u.get("state") instanceof String s
                    && state.test(s);
            if (in) {
                any = true;
            } else if (all) {
                return false;
            }
        }
        return any;
    }
}
