package io.gwsload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationName;

/** The same agent life over CometD's WebSocket transport (Jakarta client, Jetty server transport). */
class WebSocketTest extends SimulatorTestBase {

    private TestAgent webSocketAgent() {
        TestAgent a = track(new TestAgent(sim, clients, freshAgentName()).login().connect(true));
        a.startSession();
        a.ready(Media.CHAT);
        return a;
    }

    @Test
    void offerAndAcceptOverWebSocket() {
        TestAgent agent = webSocketAgent();
        String id = offerTo(agent, Media.CHAT);
        long ref = agent.operate(Media.CHAT, id, OperationName.Accept);
        List<String> order = List.of(
                agent.await("1st", n -> n.referenceId() == ref).notificationType(),
                agent.await("2nd", n -> n.referenceId() == ref).notificationType(),
                agent.await("3rd", n -> n.referenceId() == ref).notificationType());
        assertEquals(List.of("StatusChange", "ParticipantsUpdated", "NewMessages"), order);
    }

    @Test
    void notifyBeforeResponseAndForcedDisconnectOverWebSocket() {
        TestAgent agent = webSocketAgent();
        sim.updateKnobs(Map.of("notifyBeforeResponse", true));
        String id = offerTo(agent, Media.CHAT);
        long ref = agent.operate(Media.CHAT, id, OperationName.Accept);
        Notification status = agent.awaitRef(ref, "StatusChange");
        assertEquals("Chatting", status.state());

        agent.expectRehandshake();
        assertEquals(1, sim.disconnect(List.of(agent.user.username())));
        agent.awaitRehandshake();
        offerTo(agent, Media.CHAT);
    }
}
