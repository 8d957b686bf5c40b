package io.gwsload.simulator;

import io.gwsload.simulator.truth.SimulatorStats;

import io.gwsload.simulator.model.ContactOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;

/** Each fault knob does what it says, and the ground truth records what happened. */
class FaultKnobsTest extends SimulatorTestBase {

    private static long send(TestAgent agent, String id, String text) {
        return agent.operate(Media.CHAT, id, Operation.of(OperationName.SendMessage).with("text", text));
    }

    private static String stateOf(TestAgent agent, Media media, String id) {
        return (String) ((Map<?, ?>) agent.get(ApiPaths.interaction(media, id)).json().get(media.objectKey()))
                .get("state");
    }

    @Test
    void errorRateTurnsOperationsIntoErrorNotificationsAndChangesNothing() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = offerTo(agent, Media.CHAT);
        sim.updateKnobs(Map.of("errorRate", 1));
        long accept = agent.operate(Media.CHAT, id, OperationName.Accept);
        Notification error = agent.awaitRef(accept, "Error");
        assertTrue(error.errorMessage().contains("Accept failed"), error::errorMessage);
        assertEquals("ChatStateChangeMessage", error.messageType());
        assertEquals("Invited", error.state());
        assertEquals("Invited", stateOf(agent, Media.CHAT, id), "state unchanged");

        sim.updateKnobs(Map.of("errorRate", 0));
        long retry = agent.operate(Media.CHAT, id, OperationName.Accept);
        assertEquals(accept + 1, retry);
        assertEquals("Chatting", agent.awaitRef(retry, "StatusChange").state());
        assertTrue(sim.stats().counter("errorNotifications") >= 1);
    }

    @Test
    void malformedNotificationsComeInTheirThreeKindsInTurn() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        // the answer waits for the (malformed) notification: each one has been published when it comes
        sim.updateKnobs(Map.of("malformedRate", 1, "notifyBeforeResponse", true));
        for (int i = 0; i < 3; i++) {
            send(agent, id, "spoilt " + i);
        }
        sim.updateKnobs(Map.of("malformedRate", 0));
        long malformed = sim.stats().counter("notificationsMalformed");
        assertTrue(malformed >= 3, "malformed: " + malformed);
        TestAgent.Received text = agent.awaitReceived("a referenceId as text",
                n -> "not-a-number".equals(n.data().get("referenceId")), TestAgent.TIMEOUT);
        assertTrue(text.notification().hasInvalidReferenceId());
        agent.awaitReceived("no messageType", n -> !n.data().containsKey("messageType"), TestAgent.TIMEOUT);
        // the third kind (the interaction object a string) is only counted above: this test's own client does
        // not hand it on (it reads the interaction object); how the harness copes with it is FaultMatrixTest's
        long after = send(agent, id, "fine again");
        assertEquals("NewMessages", agent.awaitRef(after, "NewMessages").notificationType());
    }

    @Test
    void droppedNotificationsNeverArriveWhileLaterOnesDo() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        // notifyBeforeResponse: once the answer is here, the (dropped) publication has happened
        sim.updateKnobs(Map.of("dropRate", 1, "notifyBeforeResponse", true));
        long dropped = send(agent, id, "lost");
        assertEquals(1, sim.stats().counter("notificationsDropped"));
        sim.updateKnobs(Map.of("dropRate", 0));
        long kept = send(agent, id, "kept");
        agent.awaitRef(kept, "NewMessages");
        assertTrue(agent.history().stream().noneMatch(n -> n.referenceId() == dropped),
                "the dropped notification would have arrived before the later one");
        assertEquals(0, sim.stats().counter("notificationsUndeliverable"));
    }

    @Test
    void duplicatedNotificationsArriveTwice() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        sim.updateKnobs(Map.of("duplicateRate", 1));
        long ref = send(agent, id, "twice");
        Notification one = agent.awaitRef(ref, "NewMessages");
        Notification two = agent.awaitRef(ref, "NewMessages");
        assertEquals(one.data(), two.data());
        assertEquals(1, sim.stats().counter("notificationsDuplicated"));
    }

    @Test
    void delayedNotificationsArriveAtLeastTheExtraDelayLater() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        sim.updateKnobs(Map.of("delayRate", 1, "delayExtra", "fixed:300"));
        long start = System.nanoTime();
        long ref = send(agent, id, "late");
        agent.awaitRef(ref, "NewMessages");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 300, () -> "arrived after " + elapsedMs + " ms");
        assertEquals(1, sim.stats().counter("notificationsDelayed"));
    }

    @Test
    void reorderedNotificationsComeInReverse() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = offerTo(agent, Media.CHAT);
        sim.updateKnobs(Map.of("reorderRate", 1));
        long ref = agent.operate(Media.CHAT, id, OperationName.Accept);
        List<String> order = List.of(
                agent.await("1st", n -> n.referenceId() == ref).notificationType(),
                agent.await("2nd", n -> n.referenceId() == ref).notificationType(),
                agent.await("3rd", n -> n.referenceId() == ref).notificationType());
        assertEquals(List.of("NewMessages", "ParticipantsUpdated", "StatusChange"), order);
        assertEquals(3, sim.stats().counter("notificationsReordered"));
    }

    @Test
    void http503RateAnswers503BeforeAnythingHappens() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        long before = send(agent, id, "before");
        sim.updateKnobs(Map.of("http503Rate", 1));
        HttpAnswer refused = agent.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(
                OperationName.SendMessage).with("text", "refused").body());
        assertEquals(503, refused.status());
        assertEquals(4, refused.statusCode());
        assertEquals(1, sim.stats().counter("http503"));
        sim.updateKnobs(Map.of("http503Rate", 0));
        assertEquals(before + 1, send(agent, id, "after"), "the 503 consumed no referenceId");
    }

    @Test
    void notifyBeforeResponseDeliversTheNotificationBeforeTheAnswer() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        sim.updateKnobs(Map.of("notifyBeforeResponse", true));
        for (String delay : List.of("fixed:0", "fixed:20")) {
            sim.updateKnobs(Map.of("processingDelay", delay));
            long ref = send(agent, id, "early " + delay);
            long answered = agent.lastAnswerEvent;
            TestAgent.Received n = agent.awaitReceived("ref " + ref, x -> x.referenceId() == ref, TestAgent.TIMEOUT);
            assertTrue(n.event() < answered, () -> "with " + delay + " the notification came after the answer");
        }
    }

    @Test
    void processingDelayHoldsNotificationsAndShowsInTheGroundTruth() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        sim.resetStats();
        sim.updateKnobs(Map.of("processingDelay", "fixed:200"));
        long start = System.nanoTime();
        long ref = send(agent, id, "slow");
        agent.awaitRef(ref, "NewMessages");
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 200);
        SimulatorStats.OperationTiming timing = sim.stats().operation("SendMessage");
        assertEquals(1, timing.count());
        assertTrue(timing.minUs() >= 200_000, () -> "min " + timing.minUs() + " µs");
        Histogram h = timing.decodeHistogram();
        assertEquals(1, h.getTotalCount());
    }

    @Test
    void groundTruthInNotificationsTimesTheFirstNotificationOnly() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = offerTo(agent, Media.CHAT);
        sim.updateKnobs(Map.of("groundTruthInNotifications", true));
        long ref = agent.operate(Media.CHAT, id, OperationName.Accept);
        Notification first = agent.awaitRef(ref, "StatusChange");
        Map<?, ?> timing = (Map<?, ?>) first.data().get("simTiming");
        assertNotNull(timing, first::toJson);
        long received = ((Number) timing.get("receivedNanos")).longValue();
        long published = ((Number) timing.get("publishedNanos")).longValue();
        assertTrue(published > received);
        assertNull(agent.awaitRef(ref, "ParticipantsUpdated").data().get("simTiming"));
        assertNull(agent.awaitRef(ref, "NewMessages").data().get("simTiming"));
    }

    @Test
    void faultScopeAllAlsoHitsNotificationsWithoutReferenceId() {
        TestAgent agent = readyAgent(Media.CHAT);
        sim.updateKnobs(Map.of("dropRate", 1));
        sim.injectContacts(Media.CHAT, 1, ContactOptions.defaults().withAgent(agent.user.username()));
        assertEquals(0, sim.stats().counter("notificationsDropped"), "an offer has no referenceId");
        agent.awaitOffer(Media.CHAT);
        sim.updateKnobs(Map.of("faultScope", "all"));
        sim.injectContacts(Media.CHAT, 1, ContactOptions.defaults().withAgent(agent.user.username()));
        assertEquals(1, sim.stats().counter("notificationsDropped"));
    }

    @Test
    void forcedDisconnectMakesTheClientHandshakeAgain() {
        TestAgent agent = readyAgent(Media.CHAT);
        String before = agent.cometdClientId();
        agent.expectRehandshake();
        assertEquals(1, sim.disconnect(List.of(agent.user.username())));
        agent.awaitRehandshake();
        assertEquals(2, agent.handshakes());
        assertFalse(before.equals(agent.cometdClientId()));
        assertEquals(1, sim.stats().counter("forcedDisconnects"));
        assertEquals(1, sim.stats().counter("forcedAgentsBack"));
        // same HTTP session, new CometD session: notifications flow again
        offerTo(agent, Media.CHAT);
    }

    @Test
    void periodicDisconnectsKeepForcingClientsOff() {
        TestAgent agent = readyAgent(Media.SMS);
        agent.expectRehandshake();
        sim.updateKnobs(Map.of("disconnectIntervalMs", 100, "disconnectCount", 10));
        agent.awaitRehandshake();
        agent.expectRehandshake();
        agent.awaitRehandshake();
        sim.updateKnobs(Map.of("disconnectIntervalMs", 0));
        assertTrue(agent.handshakes() >= 3);
        assertTrue(sim.stats().counter("forcedDisconnects") >= 2);
    }

    @Test
    void badKnobValuesAreRefusedWithOneSentence() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sim.updateKnobs(Map.of("dropRate", 2)));
        assertEquals("dropRate must be a probability between 0 and 1, got '2'", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> sim.updateKnobs(Map.of("agents", 5)));
        assertTrue(e.getMessage().startsWith("agents is a start-up setting"), e.getMessage());
        assertEquals(0, sim.knobs().dropRate());
    }
}
