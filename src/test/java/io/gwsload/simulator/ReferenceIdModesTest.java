package io.gwsload.simulator;

import io.gwsload.simulator.ops.ReferenceIdPolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.LogMessage;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.api.Participant;

/**
 * The {@code referenceIds} knob: {@code documented} (the default) shows a referenceId only where the
 * documentation's samples do (docs/gws-api.md §1), {@code none} nowhere, {@code everywhere} as
 * the simulator always did.
 */
class ReferenceIdModesTest extends SimulatorTestBase {

    /** The plain defaults: documented referenceIds, supervisors added. */
    @Override
    SimulatorConfig config() {
        return SimulatorConfig.defaults().withAgents(50).withSupervisors(5);
    }

    private static boolean lists(Notification n, String nickname) {
        return n.interaction().participants().stream().map(Participant::nickname).anyMatch(nickname::equals);
    }

    private static void assertNoId(HttpAnswer answer, String what) {
        assertEquals(0, answer.statusCode(), () -> what + ": " + answer);
        assertFalse(answer.hasReferenceId(), () -> what + " answered with a referenceId: " + answer);
    }

    private static void assertNoId(Notification n, String what) {
        assertFalse(n.hasReferenceId(), () -> what + " carries a referenceId: " + n.toJson());
    }

    @Test
    void documentedIsTheDefaultAndEveryKnobIsSettableByName() {
        Knobs defaults = Knobs.defaults();
        assertEquals(Knobs.ReferenceIds.DOCUMENTED, defaults.referenceIds());
        assertEquals(Knobs.MonitoredDelivery.ADDED, defaults.monitoredDelivery());
        assertEquals(Knobs.SmsSpelling.SMSSESSION, defaults.smsSpelling());
        assertEquals("documented", sim.knobs().toMap().get("referenceIds"));
        assertEquals("added", sim.knobs().toMap().get("monitoredDelivery"));
        assertEquals("smssession", sim.knobs().toMap().get("smsSpelling"));

        Properties p = new Properties();
        p.setProperty("gws.sim.referenceIds", "everywhere");
        p.setProperty("gws.sim.monitoredDelivery", "offered");
        p.setProperty("gws.sim.smsSpelling", "smsession");
        Knobs fromProperties = SimulatorConfig.fromProperties(p).knobs();
        assertEquals(Knobs.ReferenceIds.EVERYWHERE, fromProperties.referenceIds());
        assertEquals(Knobs.MonitoredDelivery.OFFERED, fromProperties.monitoredDelivery());
        assertEquals(Knobs.SmsSpelling.SMSESSION, fromProperties.smsSpelling());

        Knobs none = sim.updateKnobs(Map.of("referenceIds", "NONE"));
        assertEquals(Knobs.ReferenceIds.NONE, none.referenceIds());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Knobs.defaults().with("referenceIds", "sometimes"));
        assertEquals("referenceIds must be 'documented', 'everywhere' or 'none', got 'sometimes'", bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class,
                () -> Knobs.defaults().with("monitoredDelivery", "x"));
        assertEquals("monitoredDelivery must be 'added' or 'offered', got 'x'", bad.getMessage());
    }

    @Test
    void thePolicyFollowsTheDocumentedTable() {
        Knobs.ReferenceIds doc = Knobs.ReferenceIds.DOCUMENTED;
        for (OperationName op : OperationName.values()) {
            boolean documented = op == OperationName.Invite || op == OperationName.Consult
                    || op == OperationName.CancelConsult;
            assertEquals(documented, ReferenceIdPolicy.inAnswer(doc, op), op::name);
            assertTrue(ReferenceIdPolicy.inAnswer(Knobs.ReferenceIds.EVERYWHERE, op), op::name);
            assertFalse(ReferenceIdPolicy.inAnswer(Knobs.ReferenceIds.NONE, op), op::name);
            assertTrue(ReferenceIdPolicy.inNotification(doc, op, "ChatStateChangeMessage", "Error"), op::name);
            assertFalse(ReferenceIdPolicy.inNotification(Knobs.ReferenceIds.NONE, op, "ChatStateChangeMessage",
                    "Error"), op::name);
            assertFalse(ReferenceIdPolicy.inNotification(doc, op, "MessageLogUpdated", "NewMessages"), op::name);
        }
        String state = "SMSsessionStateChangeMessage";
        assertTrue(ReferenceIdPolicy.inNotification(doc, OperationName.Accept, state, "StatusChange"));
        assertTrue(ReferenceIdPolicy.inNotification(doc, OperationName.Accept, state, "ParticipantsUpdated"));
        assertTrue(ReferenceIdPolicy.inNotification(doc, OperationName.Reject, state, "StatusChange"));
        assertTrue(ReferenceIdPolicy.inNotification(doc, OperationName.SetDisposition, state, "PropertiesUpdated"));
        assertFalse(ReferenceIdPolicy.inNotification(doc, OperationName.Invite, state, "ParticipantsUpdated"));
        assertFalse(ReferenceIdPolicy.inNotification(doc, OperationName.SwitchToBargeIn, state,
                "ParticipantsUpdated"));
        assertFalse(ReferenceIdPolicy.inNotification(doc, OperationName.Complete, state, "StatusChange"));
        assertFalse(ReferenceIdPolicy.inNotification(doc, OperationName.Intrude, state, "StatusChange"));
        assertFalse(ReferenceIdPolicy.inNotification(doc, OperationName.Ready, "ChannelStateChangeMessageV2",
                null));
        assertFalse(ReferenceIdPolicy.inNotification(doc, OperationName.UpdateUserData, state,
                "PropertiesUpdated"));
    }

    @Test
    void documentedAcceptAnswersWithoutIdWhileItsStateNotificationsCarryOneAndItsHistoryNone() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = offerTo(agent, Media.CHAT);
        HttpAnswer accept = agent.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(OperationName.Accept)
                .body());
        assertNoId(accept, "Accept");

        Notification status = agent.awaitOn(id, "StatusChange");
        assertEquals("Chatting", status.state());
        assertTrue(status.hasReferenceId(), status::toJson);
        Notification participants = agent.awaitOn(id, "ParticipantsUpdated");
        assertEquals(status.referenceId(), participants.referenceId(), participants::toJson);
        Notification history = agent.awaitOn(id, "NewMessages");
        assertNoId(history, "Accept's MessageLogUpdated");
        assertEquals("ParticipantJoined", history.messages().get(history.messages().size() - 1).type());
    }

    @Test
    void documentedInviteAnswersWithAnIdThatItsSuccessNotificationsDoNotCarry() {
        TestAgent inviter = readyAgent(Media.CHAT);
        TestAgent invitee = readyAgent(Media.CHAT);
        String id = chatting(inviter, Media.CHAT);

        HttpAnswer invite = inviter.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(OperationName.Invite)
                .with("targetUri", invitee.user.uri()).body());
        assertEquals(0, invite.statusCode(), invite::toString);
        long ref = invite.referenceId(); // D-Invite: {"statusCode":0,"referenceId":35}
        invitee.awaitOffer(Media.CHAT);
        invitee.operate(Media.CHAT, id, OperationName.Accept);

        Notification participants = inviter.await("the invitee joined", n -> "ParticipantsUpdated".equals(
                n.notificationType()) && lists(n, invitee.user.nickname()));
        assertNoId(participants, "Invite's ParticipantsUpdated");
        Notification joined = inviter.await("ParticipantJoined", n -> n.isMessageLog() && n.messages().stream()
                .anyMatch(m -> "ParticipantJoined".equals(m.type())
                        && invitee.user.nickname().equals(m.from().nickname())));
        assertNoId(joined, "Invite's MessageLogUpdated ParticipantJoined");
        assertTrue(inviter.history().stream().noneMatch(n -> n.referenceId() == ref),
                "no notification carries the Invite's referenceId " + ref);
    }

    @Test
    void documentedReadyAndPartialSessionStartAnswerWithoutId() {
        TestAgent agent = track(TestAgent.connected(sim, clients, freshAgentName()));
        HttpAnswer start = agent.post(ApiPaths.ME, Operation.of(OperationName.StartContactCenterSession)
                .with("channels", List.of("chat", "fax")).body());
        assertEquals(7, start.statusCode(), start::toString); // the partial answer follows the policy too
        assertFalse(start.hasReferenceId(), start::toString);
        assertNoId(agent.await("logged in", n -> n.isChannelState()), "StartContactCenterSession's notification");
        HttpAnswer ready = agent.post(ApiPaths.channel(Media.CHAT), Operation.of(OperationName.Ready).body());
        assertNoId(ready, "Ready");
        assertNoId(agent.awaitChannelState(Media.CHAT, "Ready"), "Ready's notification");
    }

    @Test
    void documentedErrorsCarryTheOperationsId() {
        TestAgent agent = readyAgent(Media.CHAT);
        TestAgent other = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        sim.updateKnobs(Map.of("errorRate", 1));

        // Invite: the answer's id comes back in the Error (D-Invite "Failed")
        long invite = agent.operate(Media.CHAT, id, Operation.of(OperationName.Invite)
                .with("targetUri", other.user.uri()));
        assertTrue(invite != Notification.NO_REFERENCE, "Invite answers with its referenceId");
        Notification inviteError = agent.awaitRef(invite, "Error");
        assertTrue(inviteError.errorMessage().contains("Invite failed"), inviteError::errorMessage);

        // SendMessage: no id in the answer, yet its Error carries the next one
        HttpAnswer send = agent.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(OperationName.SendMessage)
                .with("text", "lost").body());
        assertNoId(send, "SendMessage");
        Notification sendError = agent.await("SendMessage's Error", Notification::isError);
        assertTrue(sendError.errorMessage().contains("SendMessage failed"), sendError::errorMessage);
        assertEquals(invite + 1, sendError.referenceId(), sendError::toJson);
    }

    @Test
    void noneShowsNoReferenceIdAnywhereErrorsIncluded() {
        sim.updateKnobs(Map.of("referenceIds", "none"));
        TestAgent agent = readyAgent(Media.CHAT);
        TestAgent invitee = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        HttpAnswer invite = agent.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(OperationName.Invite)
                .with("targetUri", invitee.user.uri()).body());
        assertNoId(invite, "Invite");
        invitee.awaitOffer(Media.CHAT);
        invitee.operate(Media.CHAT, id, OperationName.Reject);
        Notification rejectError = agent.await("the Invite's Error", Notification::isError);
        assertTrue(rejectError.errorMessage().contains("rejected"), rejectError::errorMessage);
        agent.operate(Media.CHAT, id, Operation.of(OperationName.SetDisposition).with("disposition", "Sale"));
        agent.awaitOn(id, "PropertiesUpdated");
        sim.updateKnobs(Map.of("errorRate", 1));
        agent.operate(Media.CHAT, id, Operation.of(OperationName.SendMessage).with("text", "lost"));
        agent.await("SendMessage's Error", n -> n.isError() && n.errorMessage().contains("SendMessage"));

        for (TestAgent a : List.of(agent, invitee)) {
            for (HttpAnswer answer : a.answers()) {
                assertFalse(answer.hasReferenceId(), () -> a.user.username() + " got " + answer);
            }
            for (Notification n : a.history()) {
                assertNoId(n, a.user.username() + "'s " + n);
            }
        }
    }

    @Test
    void everywhereShowsTheIdOnEveryAnswerAndEveryNotificationToTheCaller() {
        sim.updateKnobs(Map.of("referenceIds", "everywhere"));
        TestAgent agent = readyAgent(Media.CHAT); // its session start and Ready were awaited by referenceId
        String id = offerTo(agent, Media.CHAT);
        long accept = agent.operate(Media.CHAT, id, OperationName.Accept);
        assertTrue(accept != Notification.NO_REFERENCE, "Accept answers with its referenceId");
        agent.awaitRef(accept, "StatusChange");
        agent.awaitRef(accept, "ParticipantsUpdated");
        agent.awaitRef(accept, "NewMessages");
        long send = agent.operate(Media.CHAT, id, Operation.of(OperationName.SendMessage).with("text", "hi"));
        LogMessage echo = agent.awaitRef(send, "NewMessages").messages().get(0);
        assertEquals("hi", echo.text());
        for (HttpAnswer answer : agent.answers()) {
            if (answer.json().containsKey("user")) {
                continue; // GET /api/v2/me is no operation
            }
            assertTrue(answer.hasReferenceId(), answer::toString);
        }
    }
}
