package io.gwsload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.LogMessage;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.api.Participant;

/**
 * The {@code monitoredDelivery} knob: {@code added} (the default, as documented: the monitoring
 * supervisor is in the interaction at once, no offer) and {@code offered} (an Invited offer to
 * Accept). Intrude offers either way. Runs with the default, documented referenceIds.
 */
class MonitoredDeliveryTest extends SimulatorTestBase {

    @Override
    SimulatorConfig config() {
        return SimulatorConfig.defaults().withAgents(50).withSupervisors(5);
    }

    private static Participant participant(Notification n, String nickname) {
        return n.interaction().participants().stream().filter(p -> nickname.equals(p.nickname())).findFirst()
                .orElseThrow(() -> new AssertionError(nickname + " not among the participants of " + n.toJson()));
    }

    private static boolean lists(Notification n, String nickname) {
        return n.interaction().participants().stream().anyMatch(p -> nickname.equals(p.nickname()));
    }

    private static boolean joinedBy(Notification n, String nickname) {
        return n.isMessageLog() && n.messages().stream().anyMatch(m -> "ParticipantJoined".equals(m.type())
                && nickname.equals(m.from().nickname()));
    }

    /** Arms Monitor (NextChat) on the agent's SMS channel, then the agent accepts a contact. */
    private static String monitoredSms(TestAgent agent, TestAgent supervisor) {
        supervisor.operate(ApiPaths.userChannel(agent.user.id(), Media.SMS), Operation.of(OperationName.Monitor)
                .with("supervisorMonitoringMode", "NextChat"));
        return chatting(agent, Media.SMS);
    }

    @Test
    void addedMonitorIsInTheSmsAtOnceWithoutAnOfferThenBargesIn() {
        TestAgent agent = readyAgent(Media.SMS);
        TestAgent supervisor = supervisor();
        String id = monitoredSms(agent, supervisor);
        String nickname = supervisor.user.nickname();

        Notification status = supervisor.awaitOn(id, "StatusChange");
        assertEquals("Chatting", status.state());
        Notification participants = supervisor.awaitOn(id, "ParticipantsUpdated");
        assertEquals("Supervisors", participant(participants, nickname).visibility());
        assertTrue(lists(participants, agent.user.nickname()), participants::toJson);
        List<String> caps = participants.interaction().capabilities();
        assertTrue(caps.containsAll(List.of("SwitchToCoach", "SwitchToBargeIn")), caps::toString);
        Notification history = supervisor.awaitOn(id, "NewMessages");
        List<LogMessage> entries = history.messages();
        assertEquals(List.of("ParticipantJoined", "Text", "ParticipantJoined", "ParticipantJoined"),
                entries.stream().map(LogMessage::type).toList());
        assertEquals(nickname, entries.get(3).from().nickname());
        assertEquals("Supervisors", entries.get(3).visibility());
        assertTrue(supervisor.history().stream().noneMatch(n -> "Invited".equals(n.state())),
                "a monitoring supervisor gets no offer");

        supervisor.operate(Media.SMS, id, OperationName.SwitchToBargeIn);
        Notification updated = supervisor.await("the barge-in", n -> "ParticipantsUpdated".equals(
                n.notificationType()) && "All".equals(participant(n, nickname).visibility()));
        assertTrue(updated.interaction().capabilities().contains("SwitchToMonitor"));
        Notification rejoined = supervisor.await("ParticipantRejoined", n -> n.hasMessageOfType(
                "ParticipantRejoined"));
        assertEquals("All", rejoined.messages().get(0).visibility());

        // the agent never saw the silent monitor join, and now sees it barge in
        agent.await("the supervisor barging in", n -> "ParticipantsUpdated".equals(n.notificationType())
                && lists(n, nickname));
        assertTrue(agent.history().stream().noneMatch(n -> joinedBy(n, nickname)),
                "a Monitor-mode join is visible to supervisors only");

        agent.operate(Media.SMS, id, OperationName.Complete);
        assertEquals("Revoked", supervisor.await("revoked", n -> "Revoked".equals(n.state())).state());
    }

    @Test
    void documentedSmsSwitchToBargeInAnswersAndNotifiesWithoutReferenceId() {
        TestAgent agent = readyAgent(Media.SMS);
        TestAgent supervisor = supervisor();
        String id = monitoredSms(agent, supervisor);
        supervisor.awaitOn(id, "NewMessages"); // the last of the join
        HttpAnswer barge = supervisor.post(ApiPaths.interaction(Media.SMS, id),
                Operation.of(OperationName.SwitchToBargeIn).body());
        assertEquals(0, barge.statusCode(), barge::toString);
        assertFalse(barge.hasReferenceId(), barge::toString); // docs/gws-api.md §1: SwitchToBargeIn carries none
        Notification updated = supervisor.await("the barge-in", n -> "ParticipantsUpdated".equals(
                n.notificationType()) && "All".equals(participant(n, supervisor.user.nickname()).visibility()));
        Notification rejoined = supervisor.await("ParticipantRejoined", n -> n.hasMessageOfType(
                "ParticipantRejoined"));
        for (Notification n : List.of(updated, rejoined)) {
            assertFalse(n.hasReferenceId(), n::toJson);
        }
        assertTrue(supervisor.history().stream().noneMatch(Notification::hasReferenceId),
                () -> "the join and the barge-in carry no referenceId: " + supervisor.history());
    }

    @Test
    void addedCoachIsSeenByTheAgentAndNextChatFiresOnce() {
        TestAgent agent = readyAgent(Media.CHAT);
        TestAgent supervisor = supervisor();
        supervisor.operate(ApiPaths.userChannel(agent.user.id(), Media.CHAT), Operation.of(OperationName.Coach)
                .with("supervisorMonitoringMode", "NextChat").with("nickname", "Coach Carter"));
        String first = chatting(agent, Media.CHAT);
        assertEquals("Chatting", supervisor.awaitOn(first, "StatusChange").state());
        Notification seen = agent.await("coach joined", n -> "ParticipantsUpdated".equals(n.notificationType())
                && lists(n, "Coach Carter"));
        assertEquals("Agents", participant(seen, "Coach Carter").visibility());
        Notification joined = agent.await("coach's ParticipantJoined", n -> joinedBy(n, "Coach Carter"));
        assertEquals("Agents", joined.messages().get(0).visibility());

        // NextChat: the second chat is not delivered; arming again (AllChats) delivers the third
        String second = chatting(agent, Media.CHAT);
        supervisor.operate(ApiPaths.userChannel(agent.user.id(), Media.CHAT), Operation.of(OperationName.Monitor));
        String third = chatting(agent, Media.CHAT);
        Notification next = supervisor.await("the next delivery", n -> "StatusChange".equals(n.notificationType())
                && !first.equals(n.interactionId()));
        assertEquals(third, next.interactionId(), () -> "second was " + second);
        assertEquals("Chatting", next.state());
    }

    @Test
    void offeredMonitorMustAcceptItsOffer() {
        sim.updateKnobs(Map.of("monitoredDelivery", "offered"));
        TestAgent agent = readyAgent(Media.SMS);
        TestAgent supervisor = supervisor();
        String id = monitoredSms(agent, supervisor);
        Notification offer = supervisor.awaitOffer(Media.SMS);
        assertEquals(id, offer.interactionId());
        assertFalse(offer.hasReferenceId());

        HttpAnswer accept = supervisor.post(ApiPaths.interaction(Media.SMS, id), Operation.of(OperationName.Accept)
                .body());
        assertEquals(0, accept.statusCode(), accept::toString);
        Notification status = supervisor.awaitOn(id, "StatusChange");
        assertEquals("Chatting", status.state());
        assertTrue(status.hasReferenceId(), "documented: Accept's StatusChange carries its referenceId");
        Notification participants = supervisor.awaitOn(id, "ParticipantsUpdated");
        assertEquals("Supervisors", participant(participants, supervisor.user.nickname()).visibility());
    }

    @Test
    void intrudeStillOffersWhileMonitoringIsAdded() {
        TestAgent agent = readyAgent(Media.CHAT);
        TestAgent supervisor = supervisor();
        String id = chatting(agent, Media.CHAT);
        HttpAnswer intrude = supervisor.post(ApiPaths.userInteraction(agent.user.id(), Media.CHAT, id),
                Operation.of(OperationName.Intrude).with("supervisorVisibilityMode", "BargeIn").body());
        assertEquals(0, intrude.statusCode(), intrude::toString);
        assertFalse(intrude.hasReferenceId(), intrude::toString);
        Notification offer = supervisor.awaitOffer(Media.CHAT);
        assertEquals(id, offer.interactionId());
        assertFalse(offer.hasReferenceId(), offer::toJson);
        supervisor.operate(Media.CHAT, id, OperationName.Accept);
        Notification joined = supervisor.awaitOn(id, "ParticipantsUpdated");
        assertEquals("All", participant(joined, supervisor.user.nickname()).visibility());
    }
}
