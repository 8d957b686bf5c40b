package io.gwsload.simulator;

import io.gwsload.simulator.model.ContactOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gwsload.api.InteractionResource;
import io.gwsload.api.LogMessage;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.api.Participant;

class AcceptFlowTest extends SimulatorTestBase {

    @Test
    void offerThenAcceptGivesTheThreeNotificationsInOrderWithTheReferenceId() {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = sim.injectContacts(Media.CHAT, 1, ContactOptions.defaults().withAgent(agent.user.username())
                .withCustomerNickname("Jane").withUserData(Map.of("Subject", "Order 42"))).get(0);

        Notification offer = agent.awaitOffer(Media.CHAT);
        assertFalse(offer.hasReferenceId(), "a routed offer carries no referenceId");
        InteractionResource offered = offer.interaction();
        assertEquals(id, offered.id());
        assertEquals(List.of("Accept", "Reject"), offered.capabilities());
        assertEquals(List.of("Jane"), offered.participants().stream().map(Participant::nickname).toList());
        assertEquals("Order 42", offered.userData().get("Subject"));
        assertEquals(sim.baseUrl() + "/api/v2/chats/" + id, offered.uri());

        long ref = agent.operate(Media.CHAT, id, Operation.of(OperationName.Accept).with("nickname", "Ann"));
        Notification first = agent.await("after Accept", n -> n.interactionId() != null && id.equals(n.interactionId()));
        Notification second = agent.await("after Accept", n -> id.equals(n.interactionId()));
        Notification third = agent.await("after Accept", n -> id.equals(n.interactionId()));

        assertEquals("StatusChange", first.notificationType());
        assertEquals("Chatting", first.state());
        assertEquals("ParticipantsUpdated", second.notificationType());
        assertEquals(List.of("Ann", "Jane"), second.interaction().participants().stream()
                .map(Participant::nickname).toList());
        assertEquals("MessageLogUpdated", third.messageType());
        assertEquals("NewMessages", third.notificationType());
        for (Notification n : List.of(first, second, third)) {
            assertEquals(ref, n.referenceId(), () -> "referenceId of " + n);
        }
        List<LogMessage> history = third.messages();
        assertEquals(List.of("ParticipantJoined", "Text", "ParticipantJoined"),
                history.stream().map(LogMessage::type).toList());
        assertEquals("Ann", history.get(2).from().nickname());
        assertEquals(sim.baseUrl() + "/api/v2/chats/" + id, third.data().get("chatUri"));
        assertEquals("/chats/" + id, third.data().get("chatPath"));
        assertTrue(first.interaction().capabilities().contains("Complete"));
    }

    @Test
    void smsOffersUseTheSmsSessionSpellings() {
        TestAgent agent = readyAgent(Media.SMS);
        String id = offerTo(agent, Media.SMS);
        // the documentation's variant spelling of the resource is tolerated
        long ref = agent.operate("/api/v2/me/smsessions/" + id, Operation.of(OperationName.Accept));
        Notification status = agent.awaitRef(ref, "StatusChange");
        assertEquals("SMSsessionStateChangeMessage", status.messageType());
        assertEquals("/v2/me/smssessions", status.channel());
        assertTrue(status.data().containsKey("smssession"));
        Notification log = agent.awaitRef(ref, "NewMessages");
        assertEquals("/smssessions/" + id, log.data().get("smssessionPath"));
        assertNull(log.data().get("chatUri"));
    }
}
