package io.gwsload.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The spellings the documentation uses, tolerated on input and emitted in their 8.5.2 form. */
class WireModelTest {
    @Test
    void mediaVariantSpellingsAreTolerated() {
        for (String name : List.of("sms", "smssession", "smssessions", "smsession", "smsessions", "smsssession")) {
            assertEquals(Optional.of(Media.SMS), Media.fromName(name), name);
        }
        assertEquals(Optional.of(Media.SMS), Media.fromStateMessageType("SMSSessionStateChangeMessage"));
        assertEquals(Optional.of(Media.CHAT), Media.fromTopic("/v2/me/chats"));
        assertEquals(Optional.empty(), Media.fromName("voice"));
        assertEquals("/api/v2/me/smssessions/X1", ApiPaths.interaction(Media.SMS, "X1"));
        assertEquals("/api/v2/users/U1/channels/smssession", ApiPaths.userChannel("U1", Media.SMS));
    }

    @Test
    void operationNamesAndTheirRequiredParameters() {
        assertEquals(Optional.of(OperationName.SetInFocus), OperationName.fromWire("InFocus"));
        assertEquals(Optional.of(OperationName.SwitchToBargeIn), OperationName.fromWire("SwitchBargeIn"));
        assertEquals(Optional.of("targetUri or targetPath"), OperationName.Invite.missingParameter(Map.of()));
        assertEquals(Optional.empty(), OperationName.Invite.missingParameter(Map.of("targetPath", "/users/1")));
        assertEquals(Optional.of("text"), OperationName.SendMessage.missingParameter(Map.of("text", "")));
        assertEquals("{\"operationName\":\"Accept\",\"nickname\":\"Agent One\"}",
                Operation.of(OperationName.Accept).with("nickname", "Agent One").toJson());
        assertTrue(StatusCode.describe(2).contains("current state"));
        assertEquals("unknown status code 42", StatusCode.describe(42));
    }

    @Test
    void aNotificationIsReadWithoutLosingUnknownFields() {
        Notification n = Notification.of("/v2/me/chats", Json.readMap("""
                {"messageType":"MessageLogUpdated","notificationType":"NewMessages","referenceId":13,
                 "chatUri":"http://gws/api/v2/chats/0000Na9B26EF002X","futureField":{"x":1},
                 "messages":[{"index":1,"type":"ParticipantJoined","timestampSeconds":1456826405120,
                              "from":{"type":"Customer","nickname":"PersonP"}}]}"""));
        assertEquals(13, n.referenceId());
        assertEquals("0000Na9B26EF002X", n.interactionId());
        assertEquals(Optional.of(Media.CHAT), n.media());
        assertTrue(n.hasMessageOfType("ParticipantJoined"));
        assertEquals(1456826405120L, n.messages().get(0).timestampSeconds());
        assertEquals(Map.of("x", 1), n.data().get("futureField"));
        assertEquals("MessageLogUpdated/NewMessages referenceId=13 chat=0000Na9B26EF002X", n.toString());
    }
}
