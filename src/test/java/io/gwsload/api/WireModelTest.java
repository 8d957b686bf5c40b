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

    @Test
    void aSummaryKeepsWhatIdentifiesTheNotificationAndDropsItsContent() {
        Notification state = Notification.of("/v2/me/chats", Json.readMap("""
                {"messageType":"ChatStateChangeMessage","notificationType":"StatusChange","referenceId":7,
                 "chat":{"id":"00AB","state":"Chatting","participants":[{"nickname":"Kate"}],"userData":{"k":"v"}},
                 "futureField":{"x":1}}"""), new long[] {42});
        Notification log = Notification.of("/v2/me/chats", Json.readMap("""
                {"messageType":"MessageLogUpdated","notificationType":"NewMessages",
                 "chatPath":"/api/v2/chats/00CD","messages":[{"index":1,"type":"Message","text":"Hi"}]}"""));
        Notification channels = Notification.of("/v2/me/channels", Json.readMap("""
                {"messageType":"ChannelStateChangeMessage","notificationType":"StatusChange","errorMessage":"x",
                 "channels":[{"channel":"chat","userState":{"state":"Ready"}}]}"""));
        for (Notification n : List.of(state, log, channels)) {
            Notification s = n.summary();
            assertEquals(n.toString(), s.toString());
            assertEquals(n.interactionId(), s.interactionId());
            assertEquals(n.media(), s.media());
            assertEquals(List.of(n.messageType(), String.valueOf(n.notificationType()), n.referenceId(), n.isError(),
                    n.isStateChange(), n.isChannelState(), n.channel()), List.of(s.messageType(),
                    String.valueOf(s.notificationType()), s.referenceId(), s.isError(), s.isStateChange(),
                    s.isChannelState(), s.channel()));
            assertTrue(s.data().size() < n.data().size(), () -> "content dropped: " + s.data());
        }
        assertEquals(42, state.summary().causes()[0]);
        assertEquals(Map.of("id", "00AB", "state", "Chatting"), state.summary().data().get("chat"));
        assertTrue(log.summary().messages().isEmpty() && channels.summary().data().get("channels") == null);
    }
}
