package io.gwsload.simulator;

import io.gwsload.simulator.model.ContactOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;

/** The {@code smsSpelling} knob: the variant keys of the SMS Invite page's sample (docs/gws-api.md §6) in SMS notifications. */
class SmsSpellingTest extends SimulatorTestBase {

    @Test
    void smsessionSpellingRenamesTheSmsObjectAndLocationKeys() {
        sim.updateKnobs(Map.of("smsSpelling", "smsession"));
        TestAgent agent = readyAgent(Media.SMS, Media.CHAT);
        String id = sim.injectContacts(Media.SMS, 1, ContactOptions.defaults().withAgent(agent.user.username()))
                .get(0);
        Notification offer = agent.awaitOffer(Media.SMS);
        assertTrue(offer.data().containsKey("smsession"), offer::toJson);
        assertFalse(offer.data().containsKey("smssession"), offer::toJson);

        long accept = agent.operate(Media.SMS, id, OperationName.Accept);
        Notification status = agent.awaitRef(accept, "StatusChange");
        assertEquals("SMSsessionStateChangeMessage", status.messageType());
        assertEquals("Chatting", ((Map<?, ?>) status.data().get("smsession")).get("state"));
        assertFalse(status.data().containsKey("smssession"), status::toJson);
        Notification log = agent.awaitRef(accept, "NewMessages");
        assertEquals(sim.baseUrl() + "/api/v2/smssessions/" + id, log.data().get("smsessionUri"));
        assertEquals("/smssessions/" + id, log.data().get("smsessionPath"));
        assertFalse(log.data().containsKey("smssessionUri"), log::toJson);
        assertFalse(log.data().containsKey("smssessionPath"), log::toJson);

        // chats and the GET resource keep their spelling
        assertTrue(agent.get(ApiPaths.interaction(Media.SMS, id)).json().containsKey("smssession"));
        String chat = chatting(agent, Media.CHAT);
        long send = agent.operate(Media.CHAT, chat, Operation.of(OperationName.SendMessage)
                .with("text", "hi"));
        assertTrue(agent.awaitRef(send, "NewMessages").data().containsKey("chatUri"));
    }
}
