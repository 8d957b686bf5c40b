package io.gwsload.simulator.users;

import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.model.Party;
import io.gwsload.simulator.model.SupervisorMode;

import java.util.ArrayList;
import java.util.List;

import io.gwsload.api.InteractionState;

/**
 * The {@code capabilities} list of an interaction as one participant sees it, per state, in the
 * 8.5.2 spellings of docs/gws-api.md §4 ({@code SetInFocus}, {@code SwitchToBargeIn}...). Informational:
 * operations are validated against the participant's state, not against this list.
 */
public final class Capabilities {
    static final List<String> INVITED = List.of("Accept", "Reject");
    static final List<String> CHATTING = List.of("Transfer", "Leave", "Invite", "Consult", "SetInFocus",
            "SetDisposition", "AttachUserData", "DeleteUserData", "UpdateUserData", "Complete", "SendMessage",
            "SendStartTypingNotification", "SendStopTypingNotification");
    /** With consult / conference agents: the ToAgents operations as well (D-Invite sample order). */
    static final List<String> CHATTING_WITH_AGENTS = List.of("Transfer", "Leave", "Invite", "Consult",
            "SetInFocus", "SetDisposition", "AttachUserData", "DeleteUserData", "UpdateUserData", "SendToAgents",
            "SendStartTypingToAgentsNotification", "SendStopTypingToAgentsNotification", "Complete", "SendMessage",
            "SendStartTypingNotification", "SendStopTypingNotification");
    static final List<String> LEFT_CHAT = List.of("Transfer", "Complete", "Leave", "SetInFocus");
    /** A supervisor's list (D-SwitchMon / SMS SwitchToBargeIn sample) without the SwitchTo* entries. */
    private static final List<String> SUPERVISOR_BASE = List.of("Leave", "SetInFocus", "SetDisposition",
            "AttachUserData", "DeleteUserData", "UpdateUserData", "Transfer", "Invite", "Consult", "SendToAgents",
            "SendStartTypingToAgentsNotification", "SendStopTypingToAgentsNotification", "SendMessage",
            "SendStartTypingNotification", "SendStopTypingNotification");

    private Capabilities() {
    }

    /** The list for this party, or null (field omitted) when its interaction is finished. */
    public static List<String> of(Interaction interaction, Party party) {
        if (party == null) {
            return null;
        }
        InteractionState state = party.state;
        switch (state) {
            case Invited:
                return INVITED;
            case LeftChat:
                return LEFT_CHAT;
            case Chatting:
                if (party.isSupervisor()) {
                    return supervisor(party.mode);
                }
                return hasOtherAgents(interaction, party) ? CHATTING_WITH_AGENTS : CHATTING;
            default:
                return null;
        }
    }

    static List<String> supervisor(SupervisorMode mode) {
        List<String> list = new ArrayList<>(SUPERVISOR_BASE);
        for (SupervisorMode m : SupervisorMode.values()) {
            if (m != mode) {
                list.add(m.switchOperation().wireName());
            }
        }
        return List.copyOf(list);
    }

    private static boolean hasOtherAgents(Interaction interaction, Party party) {
        for (Party p : interaction.parties) {
            if (p != party && p.isChatting()) {
                return true;
            }
        }
        return false;
    }
}
