package io.gwsload.simulator.ops;

import io.gwsload.simulator.Knobs;

import java.util.Map;

import io.gwsload.api.MessageTypes;
import io.gwsload.api.OperationName;

/**
 * Where a referenceId appears, per the {@code referenceIds} knob: in an operation's HTTP answer, and
 * in the notifications the operation causes for its caller (a {@link Delivery} with an operation).
 * Notifications to anyone else never carry one. Every accepted operation still takes the session's
 * next referenceId, shown or not, so the numbers a client sees keep their gaps.
 *
 * <p>{@code everywhere}: every answer and every such notification (the simulator's old behaviour).
 * {@code none}: nowhere, Errors included. {@code documented}, from docs/gws-api.md §1 and the documentation's samples
 * ([C] documented, [choice] where the documentation is silent):
 *
 * <table>
 * <caption>referenceIds=documented</caption>
 * <tr><th>Operation</th><th>HTTP answer</th><th>Notifications to the caller</th></tr>
 * <tr><td>Accept (chat, SMS)</td><td>no id [C]</td><td>StatusChange and ParticipantsUpdated carry it;
 *   MessageLogUpdated does not [C]</td></tr>
 * <tr><td>Reject</td><td>no id [C]</td><td>StatusChange carries it [C]</td></tr>
 * <tr><td>SetDisposition</td><td>no id [C]</td><td>PropertiesUpdated carries it [C]</td></tr>
 * <tr><td>Invite, Consult</td><td>carries it [C]</td><td>success (ParticipantsUpdated,
 *   MessageLogUpdated ParticipantJoined): none [C]</td></tr>
 * <tr><td>CancelConsult</td><td>carries it [C]</td><td>(no notification on success)</td></tr>
 * <tr><td>SwitchToBargeIn; SwitchToMonitor, SwitchToCoach by analogy</td><td>no id [C for BargeIn]</td>
 *   <td>none [C for BargeIn]</td></tr>
 * <tr><td>Ready, Complete, Monitor</td><td>no id [C]</td><td>none [choice]</td></tr>
 * <tr><td>every other operation (StartContactCenterSession, EndContactCenterSession, NotReady, Leave,
 *   Transfer, SendMessage and the other Send* / typing operations, user data operations, AddComment,
 *   SetInFocus, Coach, BargeIn, CancelSupervisorMonitoring, Intrude)</td><td>no id [choice]</td>
 *   <td>none [choice]</td></tr>
 * <tr><td>any operation ending in an Error (errorRate or a failure)</td><td>as above</td><td>the Error
 *   carries it [C: the documented Error form has referenceId]</td></tr>
 * </table>
 */
public final class ReferenceIdPolicy {
    private ReferenceIdPolicy() {
    }

    /** Whether the HTTP answer of {@code op} carries its referenceId. */
    public static boolean inAnswer(Knobs.ReferenceIds mode, OperationName op) {
        return switch (mode) {
            case EVERYWHERE -> true;
            case NONE -> false;
            case DOCUMENTED -> op == OperationName.Invite || op == OperationName.Consult
                    || op == OperationName.CancelConsult;
        };
    }

    /** Whether a notification {@code op} causes for its caller carries the operation's referenceId. */
    public static boolean inNotification(Knobs.ReferenceIds mode, OperationName op, String messageType,
            String notificationType) {
        return switch (mode) {
            case EVERYWHERE -> true;
            case NONE -> false;
            case DOCUMENTED -> MessageTypes.ERROR.equals(notificationType)
                    || !MessageTypes.MESSAGE_LOG_UPDATED.equals(messageType) && switch (op) {
                        case Accept -> MessageTypes.STATUS_CHANGE.equals(notificationType)
                                || MessageTypes.PARTICIPANTS_UPDATED.equals(notificationType);
                        case Reject -> MessageTypes.STATUS_CHANGE.equals(notificationType);
                        case SetDisposition -> MessageTypes.PROPERTIES_UPDATED.equals(notificationType);
                        default -> false;
                    };
        };
    }

    /** {@link #inNotification(Knobs.ReferenceIds, OperationName, String, String)} for a payload. */
    public static boolean inNotification(Knobs.ReferenceIds mode, OperationName op, Map<String, Object> data) {
        return inNotification(mode, op, (String) data.get("messageType"), (String) data.get("notificationType"));
    }
}
