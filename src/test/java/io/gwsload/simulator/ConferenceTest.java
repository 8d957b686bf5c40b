package io.gwsload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gwsload.api.LogMessage;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.api.Participant;

/** Invite, Consult, CancelConsult and Transfer between two (or three) real agents. */
class ConferenceTest extends SimulatorTestBase {

    private static List<String> nicknames(Notification n) {
        return n.interaction().participants().stream().map(Participant::nickname).toList();
    }

    @Test
    void inviteASecondAgent() {
        TestAgent inviter = readyAgent(Media.CHAT);
        TestAgent invitee = readyAgent(Media.CHAT);
        String id = chatting(inviter, Media.CHAT);

        long invite = inviter.operate(Media.CHAT, id, Operation.of(OperationName.Invite)
                .with("targetUri", invitee.user.uri()));
        Notification offer = invitee.awaitOffer(Media.CHAT);
        assertEquals(id, offer.interactionId());
        assertFalse(offer.hasReferenceId(), "the invitee's offer carries no referenceId");

        long accept = invitee.operate(Media.CHAT, id, OperationName.Accept);
        assertEquals("Chatting", invitee.awaitRef(accept, "StatusChange").state());
        Notification inviteeParticipants = invitee.awaitRef(accept, "ParticipantsUpdated");
        assertEquals(3, nicknames(inviteeParticipants).size());
        invitee.awaitRef(accept, "NewMessages");

        Notification participants = inviter.awaitRef(invite, "ParticipantsUpdated");
        assertTrue(nicknames(participants).contains(invitee.user.nickname()), () -> participants.toJson());
        assertTrue(participants.interaction().capabilities().contains("SendToAgents"),
                "with another agent the ToAgents operations appear");
        Notification joined = inviter.awaitRef(invite, "NewMessages");
        LogMessage entry = joined.messages().get(0);
        assertEquals("ParticipantJoined", entry.type());
        assertEquals(invitee.user.nickname(), entry.from().nickname());

        // both see each other's messages; each sender gets its own with its referenceId
        long send = invitee.operate(Media.CHAT, id, Operation.of(OperationName.SendMessage).with("text", "hello"));
        assertEquals("hello", invitee.awaitRef(send, "NewMessages").messages().get(0).text());
        Notification seen = inviter.await("invitee's message", n -> n.isMessageLog() && !n.hasReferenceId()
                && n.hasMessageOfType("Text"));
        assertEquals("hello", seen.messages().get(0).text());
    }

    @Test
    void aRejectedInviteEndsInAnErrorWithTheInvitesReferenceId() {
        TestAgent inviter = readyAgent(Media.SMS);
        TestAgent invitee = readyAgent(Media.SMS);
        String id = chatting(inviter, Media.SMS);
        long invite = inviter.operate(Media.SMS, id, Operation.of(OperationName.Invite)
                .with("targetPath", invitee.user.path()));
        invitee.awaitOffer(Media.SMS);
        long reject = invitee.operate(Media.SMS, id, OperationName.Reject);
        Notification completed = invitee.awaitRef(reject, "StatusChange");
        assertEquals("Completed", completed.state());
        assertEquals(List.of(), completed.interaction().participants());

        Notification error = inviter.awaitRef(invite, "Error");
        assertEquals("SMSsessionStateChangeMessage", error.messageType());
        assertTrue(error.errorMessage().contains("rejected"), error::errorMessage);
        assertEquals("Chatting", error.state());
    }

    @Test
    void inviteOfAnAgentNotLoggedInFailsByErrorNotification() {
        TestAgent inviter = readyAgent(Media.CHAT);
        TestAgent absent = track(new TestAgent(sim, clients, freshAgentName()));
        String id = chatting(inviter, Media.CHAT);
        long invite = inviter.operate(Media.CHAT, id, Operation.of(OperationName.Invite)
                .with("targetUri", absent.user.uri()));
        assertTrue(inviter.awaitRef(invite, "Error").errorMessage().contains("not logged in"));
    }

    @Test
    void consultantIsVisibleToAgentsOnlyAndCancelConsultRevokesIt() {
        TestAgent agent = readyAgent(Media.CHAT);
        TestAgent consultant = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        long consult = agent.operate(Media.CHAT, id, Operation.of(OperationName.Consult)
                .with("targetUri", consultant.user.uri()));
        consultant.awaitOffer(Media.CHAT);
        long accept = consultant.operate(Media.CHAT, id, OperationName.Accept);
        consultant.awaitRef(accept, "NewMessages");
        Notification updated = agent.awaitRef(consult, "ParticipantsUpdated");
        Participant c = updated.interaction().participants().stream()
                .filter(p -> consultant.user.nickname().equals(p.nickname())).findFirst().orElseThrow();
        assertEquals("Agents", c.visibility());
        assertEquals("Agents", agent.awaitRef(consult, "NewMessages").messages().get(0).visibility());

        long send = consultant.operate(Media.CHAT, id, Operation.of(OperationName.SendToAgents).with("text", "psst"));
        assertEquals("Agents", consultant.awaitRef(send, "NewMessages").messages().get(0).visibility());

        agent.operate(Media.CHAT, id, OperationName.CancelConsult);
        assertEquals("Revoked", consultant.await("revoked", n -> "Revoked".equals(n.state())).state());
    }

    @Test
    void transferToAnAgentCompletesTheTransferrerWhenTheTargetAccepts() {
        TestAgent from = readyAgent(Media.CHAT);
        TestAgent to = readyAgent(Media.CHAT);
        String id = chatting(from, Media.CHAT);
        long transfer = from.operate(Media.CHAT, id, Operation.of(OperationName.Transfer)
                .with("targetUri", to.user.uri()));
        to.awaitOffer(Media.CHAT);
        long accept = to.operate(Media.CHAT, id, OperationName.Accept);
        Notification participants = to.awaitRef(accept, "ParticipantsUpdated");
        assertFalse(nicknames(participants).contains(from.user.nickname()), () -> participants.toJson());
        Notification done = from.awaitRef(transfer, "StatusChange");
        assertEquals("Completed", done.state());
    }

    @Test
    void transferToAQueueCompletesAtOnceAndRoutesToSomeoneElse() {
        TestAgent from = readyAgent(Media.CHAT);
        String id = chatting(from, Media.CHAT);
        TestAgent next = readyAgent(Media.CHAT);
        long transfer = from.operate(Media.CHAT, id, Operation.of(OperationName.Transfer).with("queueName", "Sales"));
        assertEquals("Completed", from.awaitRef(transfer, "StatusChange").state());
        assertEquals(id, next.awaitOffer(Media.CHAT).interactionId());
    }
}
