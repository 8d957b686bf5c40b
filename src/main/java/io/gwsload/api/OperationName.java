package io.gwsload.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@code operationName} gws-load sends or simulates, with where it is posted, the parameters
 * it requires and whether it causes a notification carrying its {@code referenceId}
 * (docs/gws-api.md §2, §5, §7).
 *
 * <p>A required entry such as {@code "targetUri|targetPath"} is satisfied by any one of the names.
 * Operations documented to produce no notification on success ({@code CancelConsult}) and those for
 * which the documentation shows none ({@code SetInFocus}, supervisor monitoring set-up,
 * {@code EndContactCenterSession}) have {@link #notifies()} false: only their HTTP timing exists.
 */
public enum OperationName {
    // user level: POST /api/v2/me
    StartContactCenterSession(Target.ME, true, "channels"),
    EndContactCenterSession(Target.ME, false),
    // media channel state: POST /api/v2/me/channels/{chat|smssession}
    Ready(Target.CHANNEL, true),
    NotReady(Target.CHANNEL, true),
    // interaction: POST /api/v2/me/{chats|smssessions}/{id}
    Accept(Target.INTERACTION, true),
    Reject(Target.INTERACTION, true),
    SendMessage(Target.INTERACTION, true, "text"),
    SendUrl(Target.INTERACTION, true, "url"),
    SendCustomNotice(Target.INTERACTION, true, "noticeText"),
    SendCustomNoticeToAgents(Target.INTERACTION, true, "noticeText"),
    SendStartTypingNotification(Target.INTERACTION, true),
    SendStopTypingNotification(Target.INTERACTION, true),
    SendToAgents(Target.INTERACTION, true, "text"),
    SendStartTypingToAgentsNotification(Target.INTERACTION, true),
    SendStopTypingToAgentsNotification(Target.INTERACTION, true),
    Invite(Target.INTERACTION, true, "targetUri|targetPath"),
    Consult(Target.INTERACTION, true, "targetUri|targetPath"),
    CancelConsult(Target.INTERACTION, false),
    Transfer(Target.INTERACTION, true, "targetUri|targetPath|queueName"),
    Leave(Target.INTERACTION, true),
    Complete(Target.INTERACTION, true),
    SetDisposition(Target.INTERACTION, true, "disposition"),
    AttachUserData(Target.INTERACTION, true, "userData"),
    UpdateUserData(Target.INTERACTION, true, "userData"),
    DeleteUserData(Target.INTERACTION, true, "keys"),
    SetInFocus(Target.INTERACTION, false),
    AddComment(Target.INTERACTION, true, "comment"),
    SwitchToMonitor(Target.INTERACTION, true),
    SwitchToCoach(Target.INTERACTION, true),
    SwitchToBargeIn(Target.INTERACTION, true),
    // supervisor on an agent: POST /api/v2/users/{agentId}/channels/{chat|smssession}
    Monitor(Target.USER_CHANNEL, false),
    Coach(Target.USER_CHANNEL, false),
    BargeIn(Target.USER_CHANNEL, false),
    CancelSupervisorMonitoring(Target.USER_CHANNEL, false),
    // supervisor on an agent's interaction: POST /api/v2/users/{agentId}/{chats|smssessions}/{id}
    Intrude(Target.USER_INTERACTION, true);

    /** Where an operation is posted. */
    public enum Target {
        /** {@code /api/v2/me} */
        ME,
        /** {@code /api/v2/me/channels/{channel}} */
        CHANNEL,
        /** {@code /api/v2/me/{segment}/{id}} */
        INTERACTION,
        /** {@code /api/v2/users/{userId}/channels/{channel}} */
        USER_CHANNEL,
        /** {@code /api/v2/users/{userId}/{segment}/{id}} */
        USER_INTERACTION
    }

    private static final Map<String, OperationName> BY_WIRE = new ConcurrentHashMap<>();

    static {
        for (OperationName n : values()) {
            BY_WIRE.put(n.name().toLowerCase(java.util.Locale.ROOT), n);
        }
        // Spellings seen in the documentation's capability lists and older samples.
        BY_WIRE.put("infocus", SetInFocus);
        BY_WIRE.put("switchbargein", SwitchToBargeIn);
    }

    private final Target target;
    private final boolean notifies;
    private final List<String> required;

    OperationName(Target target, boolean notifies, String... required) {
        this.target = target;
        this.notifies = notifies;
        this.required = List.of(required);
    }

    /** The {@code operationName} as sent on the wire. */
    public String wireName() {
        return name();
    }

    public Target target() {
        return target;
    }

    /** Whether success is reported by a notification carrying the operation's {@code referenceId}. */
    public boolean notifies() {
        return notifies;
    }

    /** Required parameters; an entry {@code a|b} means "a or b". */
    public List<String> required() {
        return required;
    }

    /** The first required parameter the given body lacks, or empty when all are present. */
    public Optional<String> missingParameter(Map<String, ?> body) {
        for (String entry : required) {
            boolean present = false;
            for (String alternative : entry.split("\\|")) {
                Object v = body.get(alternative);
                if (v != null && !(v instanceof String s && s.isEmpty())) {
                    present = true;
                    break;
                }
            }
            if (!present) {
                return Optional.of(entry.replace("|", " or "));
            }
        }
        return Optional.empty();
    }

    /** Parses an {@code operationName}, ignoring case and accepting documented variant spellings. */
    public static Optional<OperationName> fromWire(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_WIRE.get(wire.trim().toLowerCase(java.util.Locale.ROOT)));
    }
}
