package io.gwsload.gatling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gwsload.api.Json;
import io.gwsload.api.Notification;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** An offer's kind is read from who is already in the interaction, the only thing GWS's offer shows of it. */
class OfferKindTest {
    private static Notification offer(String participants) {
        Map<String, Object> data = Json.readMap("""
                {"messageType":"ChatStateChangeMessage","notificationType":"StatusChange","chat":{"id":"0001",
                 "state":"Invited","capabilities":["Accept","Reject"],"participants":%s}}""".formatted(participants));
        return Notification.of("/v2/me/chats", data);
    }

    private static final String CUSTOMER = "{\"type\":\"Customer\",\"nickname\":\"Jane\"}";
    private static final String AGENT = "{\"type\":\"Agent\",\"nickname\":\"Agent1\",\"uri\":\"http://gws/api/v2/users/a1\"}";

    @Test
    void aRoutedContactHasNoAgentInItAndAnInvitationHasOne() {
        Notification routed = offer("[" + CUSTOMER + "]");
        Notification invitation = offer("[" + AGENT + "," + CUSTOMER + "]");
        assertTrue(OfferKind.ROUTED.matches(routed));
        assertFalse(OfferKind.JOIN.matches(routed));
        assertTrue(OfferKind.JOIN.matches(invitation));
        assertFalse(OfferKind.ROUTED.matches(invitation));
        assertTrue(OfferKind.ANY.matches(routed) && OfferKind.ANY.matches(invitation));
        assertTrue(OfferKind.ROUTED.matches(offer("[]")), "an offer listing nobody: no agent in it");
    }
}
