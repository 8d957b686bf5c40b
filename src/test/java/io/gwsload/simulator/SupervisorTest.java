package io.gwsload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.LogMessage;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.api.Participant;

/** Supervisor monitoring (Monitor/Coach/BargeIn), SwitchTo*, Intrude and the end of monitoring. */
class SupervisorTest extends SimulatorTestBase {

    private static Participant participant(Notification n, String nickname) {
        return n.interaction().participants().stream().filter(p -> nickname.equals(p.nickname())).findFirst()
                .orElseThrow(() -> new AssertionError(nickname + " not among the participants of " + n.toJson()));
    }

    private static boolean lists(Notification n, String nickname) {
        return n.interaction().participants().stream().anyMatch(p -> nickname.equals(p.nickname()));
    }

    @Test
    void smsMonitorThenAcceptThenSwitchToBargeIn() {
        TestAgent agent = readyAgent(Media.SMS);
        TestAgent supervisor = supervisor();
        long monitor = supervisor.operate(ApiPaths.userChannel(agent.user.id(), Media.SMS),
                Operation.of(OperationName.Monitor).with("supervisorMonitoringMode", "NextChat"));
        assertTrue(monitor > 0);

        String id = offerTo(agent, Media.SMS);
        long accept = agent.operate(Media.SMS, id, OperationName.Accept);
        agent.awaitRef(accept, "NewMessages");

        Notification offer = supervisor.awaitOffer(Media.SMS);
        assertEquals(id, offer.interactionId());
        assertFalse(offer.hasReferenceId());
        long supAccept = supervisor.operate(Media.SMS, id, OperationName.Accept);
        supervisor.awaitRef(supAccept, "StatusChange");
        Notification supParticipants = supervisor.awaitRef(supAccept, "ParticipantsUpdated");
        assertEquals("Supervisors", participant(supParticipants, supervisor.user.nickname()).visibility());
        List<String> caps = supParticipants.interaction().capabilities();
        assertTrue(caps.containsAll(List.of("SwitchToCoach", "SwitchToBargeIn")), caps::toString);
        assertFalse(caps.contains("SwitchToMonitor"));
        supervisor.awaitRef(supAccept, "NewMessages");

        long barge = supervisor.operate(Media.SMS, id, OperationName.SwitchToBargeIn);
        Notification updated = supervisor.awaitRef(barge, "ParticipantsUpdated");
        assertEquals("All", participant(updated, supervisor.user.nickname()).visibility());
        assertTrue(updated.interaction().capabilities().contains("SwitchToMonitor"));
        Notification rejoined = supervisor.awaitRef(barge, "NewMessages");
        LogMessage entry = rejoined.messages().get(0);
        assertEquals("ParticipantRejoined", entry.type());
        assertEquals("All", entry.visibility());
        assertEquals(supervisor.user.nickname(), entry.from().nickname());

        // the agent did not see the silent monitor, and now sees the supervisor barge in
        Notification agentView = agent.await("the supervisor barging in", n -> "ParticipantsUpdated".equals(
                n.notificationType()) && lists(n, supervisor.user.nickname()));
        assertFalse(agentView.hasReferenceId());
        assertTrue(agent.history().stream().noneMatch(n -> n.isMessageLog() && n.messages().stream()
                .anyMatch(m -> "ParticipantJoined".equals(m.type())
                        && supervisor.user.nickname().equals(m.from().nickname()))),
                "a Monitor-mode join is visible to supervisors only");

        HttpAnswer again = supervisor.post(ApiPaths.interaction(Media.SMS, id),
                Operation.of(OperationName.SwitchToBargeIn).body());
        assertEquals(2, again.statusCode(), again::toString);

        // when the agent completes, the interaction ends and the supervisor's copy is revoked
        long complete = agent.operate(Media.SMS, id, OperationName.Complete);
        assertEquals("Completed", agent.awaitRef(complete, "StatusChange").state());
        assertEquals("Revoked", supervisor.await("revoked", n -> "Revoked".equals(n.state())).state());
    }

    @Test
    void coachJoinsVisibleToAgentsAndNextChatFiresOnce() {
        TestAgent agent = readyAgent(Media.CHAT);
        TestAgent supervisor = supervisor();
        supervisor.operate(ApiPaths.userChannel(agent.user.id(), Media.CHAT), Operation.of(OperationName.Coach)
                .with("supervisorMonitoringMode", "NextChat").with("nickname", "Coach Carter"));
        String first = chatting(agent, Media.CHAT);
        assertEquals(first, supervisor.awaitOffer(Media.CHAT).interactionId());
        long accept = supervisor.operate(Media.CHAT, first, OperationName.Accept);
        supervisor.awaitRef(accept, "NewMessages");
        Notification seen = agent.await("coach joined", n -> "ParticipantsUpdated".equals(n.notificationType())
                && lists(n, "Coach Carter"));
        assertEquals("Agents", participant(seen, "Coach Carter").visibility());

        // NextChat: the second chat is not offered; arming again (AllChats) offers the third
        String second = chatting(agent, Media.CHAT);
        supervisor.operate(ApiPaths.userChannel(agent.user.id(), Media.CHAT), Operation.of(OperationName.Monitor));
        String third = chatting(agent, Media.CHAT);
        assertEquals(third, supervisor.awaitOffer(Media.CHAT).interactionId(), () -> "second was " + second);

        supervisor.operate(ApiPaths.userChannel(agent.user.id(), Media.CHAT),
                Operation.of(OperationName.CancelSupervisorMonitoring));
        HttpAnswer notArmed = supervisor.post(ApiPaths.userChannel(agent.user.id(), Media.CHAT),
                Operation.of(OperationName.CancelSupervisorMonitoring).body());
        assertEquals(2, notArmed.statusCode());
    }

    @Test
    void intrudeOffersTheChatWithTheIntrudesReferenceId() {
        TestAgent agent = readyAgent(Media.CHAT);
        TestAgent supervisor = supervisor();
        String id = chatting(agent, Media.CHAT);
        String path = ApiPaths.userInteraction(agent.user.id(), Media.CHAT, id);
        HttpAnswer noMode = supervisor.post(path, Operation.of(OperationName.Intrude).body());
        assertEquals(1, noMode.statusCode(), noMode::toString);

        long intrude = supervisor.operate(path, Operation.of(OperationName.Intrude)
                .with("supervisorVisibilityMode", "BargeIn"));
        Notification offer = supervisor.awaitRef(intrude, "StatusChange");
        assertEquals("Invited", offer.state());
        long accept = supervisor.operate(Media.CHAT, id, OperationName.Accept);
        Notification joined = supervisor.awaitRef(accept, "ParticipantsUpdated");
        assertEquals("All", participant(joined, supervisor.user.nickname()).visibility());
        agent.await("the barge-in", n -> "ParticipantsUpdated".equals(n.notificationType())
                && lists(n, supervisor.user.nickname()));

        HttpAnswer twice = supervisor.post(path, Operation.of(OperationName.Intrude)
                .with("supervisorVisibilityMode", "Monitor").body());
        assertEquals(2, twice.statusCode(), twice::toString);
    }
}
