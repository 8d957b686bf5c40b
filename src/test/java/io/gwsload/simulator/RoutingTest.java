package io.gwsload.simulator;

import io.gwsload.simulator.model.InteractionStatus;

import io.gwsload.simulator.model.Interaction;

import io.gwsload.simulator.model.ContactOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.api.Participant;

/** Routing, capacity, reject, offer timeout and the customers' behaviour. */
class RoutingTest extends SimulatorTestBase {

    @Test
    void rejectedContactGoesToAnotherAgent() {
        TestAgent first = readyAgent(Media.CHAT);
        TestAgent second = readyAgent(Media.CHAT);
        long rejectsBefore = sim.stats().counter("rejects");
        String id = offerTo(first, Media.CHAT);
        long reject = first.operate(Media.CHAT, id, OperationName.Reject);
        Notification completed = first.awaitRef(reject, "StatusChange");
        assertEquals("Completed", completed.state());
        assertEquals(List.of(), completed.interaction().participants());
        assertEquals(id, second.awaitOffer(Media.CHAT).interactionId());
        assertEquals(rejectsBefore + 1, sim.stats().counter("rejects"));
    }

    @Test
    void unansweredOfferIsRevokedAndRoutedAgain() {
        sim.updateKnobs(Map.of("offerTimeoutMs", 300));
        TestAgent sleepy = readyAgent(Media.SMS);
        TestAgent awake = readyAgent(Media.SMS);
        String id = offerTo(sleepy, Media.SMS);
        Notification revoked = sleepy.await("revoked offer", n -> "Revoked".equals(n.state()));
        assertEquals(id, revoked.interactionId());
        assertFalse(revoked.hasReferenceId());
        assertEquals(id, awake.awaitOffer(Media.SMS).interactionId());
        assertTrue(sim.stats().counter("offerTimeouts") >= 1);
        awake.awaitRef(awake.operate(Media.SMS, id, OperationName.Accept), "NewMessages");
    }

    @Test
    void capacityHoldsContactsInTheQueueUntilAnInteractionCompletes() {
        sim.updateKnobs(Map.of("maxInteractionsPerAgent", 1));
        TestAgent agent = readyAgent(Media.CHAT);
        List<String> ids = sim.injectContacts(Media.CHAT, 2);
        String first = agent.awaitOffer(Media.CHAT).interactionId();
        assertEquals(ids.get(0), first);
        assertEquals(1, sim.stats().sessions().queued(), "the second contact waits: the agent is full");
        long accept = agent.operate(Media.CHAT, first, OperationName.Accept);
        agent.awaitRef(accept, "NewMessages");
        long complete = agent.operate(Media.CHAT, first, OperationName.Complete);
        TestAgent.Received done = agent.awaitReceived("Completed", n -> n.referenceId() == complete,
                TestAgent.TIMEOUT);
        TestAgent.Received next = agent.awaitReceived("the second offer", n -> "Invited".equals(n.state()),
                TestAgent.TIMEOUT);
        assertEquals(ids.get(1), next.notification().interactionId());
        assertTrue(next.event() > done.event(), "offered only once capacity was free");
    }

    @Test
    void readyOnMeAppliesToEveryLoggedInChannel() {
        TestAgent agent = track(TestAgent.connected(sim, clients, freshAgentName()));
        agent.startSession();
        long ready = agent.operate(ApiPaths.ME, Operation.of(OperationName.Ready));
        List<?> channels = (List<?>) agent.awaitRef(ready, null).data().get("channels");
        assertEquals(2, channels.size());
        for (Object c : channels) {
            assertEquals("Ready", ((Map<?, ?>) ((Map<?, ?>) c).get("userState")).get("state"));
        }
        offerTo(agent, Media.SMS);
    }

    @Test
    void customerWritesWhileChatting() {
        sim.updateKnobs(Map.of("customerMessageIntervalMs", 20));
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        Notification text = agent.await("a customer message", n -> n.isMessageLog() && id.equals(n.interactionId())
                && n.hasMessageOfType("Text"));
        assertFalse(text.hasReferenceId());
        assertEquals("Customer", text.messages().get(0).from().type());
    }

    @Test
    void customerLeaves() {
        sim.updateKnobs(Map.of("customerLeaveAfterMs", 20));
        TestAgent agent = readyAgent(Media.SMS);
        String id = chatting(agent, Media.SMS);
        Notification left = agent.await("customer left", n -> n.isMessageLog() && n.hasMessageOfType(
                "ParticipantLeft"));
        assertEquals("Customer", left.messages().get(0).from().type());
        Notification participants = agent.await("participants without the customer", n -> id.equals(
                n.interactionId()) && "ParticipantsUpdated".equals(n.notificationType()));
        assertTrue(participants.interaction().participants().stream().map(Participant::type)
                .noneMatch("Customer"::equals), participants::toJson);
        long complete = agent.operate(Media.SMS, id, OperationName.Complete);
        assertEquals("Completed", agent.awaitRef(complete, "StatusChange").state());
    }

    @Test
    void impatientCustomerAbandonsTheQueue() throws Exception {
        sim.updateKnobs(Map.of("customerPatienceMs", 50));
        TestAgent notReady = track(TestAgent.connected(sim, clients, freshAgentName()));
        notReady.startSession();
        long before = sim.stats().counter("contactsAbandoned");
        String id = sim.injectContacts(Media.CHAT, 1, ContactOptions.defaults()
                .withAgent(notReady.user.username())).get(0);
        Interaction waiting = sim.centre().interaction(id);
        ScheduledFuture<?> patience;
        waiting.lock.lock();
        try {
            patience = waiting.patienceTimer;
        } finally {
            waiting.lock.unlock();
        }
        patience.get(TestAgent.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(InteractionStatus.ENDED, waiting.status);
        assertEquals(before + 1, sim.stats().counter("contactsAbandoned"));
        notReady.ready(Media.CHAT);
        long probe = notReady.operate(ApiPaths.channel(Media.CHAT), Operation.of(OperationName.NotReady));
        notReady.awaitRef(probe, null);
        assertTrue(notReady.history().stream().noneMatch(n -> "Invited".equals(n.state())),
                "the abandoned contact is never offered");
    }
}
