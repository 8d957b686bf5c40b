package io.gwsload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;

/** Every statusCode the simulator answers, and that a refused operation changes nothing. */
class ReturnCodesTest extends SimulatorTestBase {

    private static void assertStatus(int code, String messagePart, HttpAnswer answer) {
        assertEquals(code, answer.statusCode(), answer::toString);
        assertTrue(answer.statusMessage().contains(messagePart), () -> "statusMessage of " + answer);
        assertTrue(answer.json().get("referenceId") == null || code == 7, () -> "no referenceId in " + answer);
    }

    @Test
    void malformedJsonUnknownOperationOrWrongResourceAre10() {
        TestAgent a = track(new TestAgent(sim, clients, freshAgentName()).login());
        HttpAnswer malformed = a.post(ApiPaths.ME, "{\"operationName\":", true, true);
        assertEquals(400, malformed.status());
        assertStatus(10, "not a JSON object", malformed);
        assertStatus(10, "Unknown operationName 'Dance'", a.post(ApiPaths.ME, "{\"operationName\":\"Dance\"}",
                true, true));
        assertStatus(10, "no operationName", a.post(ApiPaths.ME, "{}", true, true));
        assertStatus(10, "Accept cannot be posted to /api/v2/me", a.post(ApiPaths.ME, Operation.of(
                OperationName.Accept).body()));
        assertTrue(sim.stats().statusErrors(10) >= 4);
    }

    @Test
    void missingParameterIs1() {
        TestAgent a = readyAgent(Media.CHAT);
        String id = chatting(a, Media.CHAT);
        assertStatus(1, "text", a.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(OperationName.SendMessage)
                .body()));
        assertStatus(1, "targetUri or targetPath", a.post(ApiPaths.interaction(Media.CHAT, id),
                Operation.of(OperationName.Invite).body()));
        assertStatus(1, "channels", a.post(ApiPaths.ME, Operation.of(OperationName.StartContactCenterSession)
                .body()));
    }

    @Test
    void invalidForStateIs2AndChangesNothing() {
        TestAgent a = readyAgent(Media.CHAT);
        String id = offerTo(a, Media.CHAT);
        String path = ApiPaths.interaction(Media.CHAT, id);
        assertStatus(2, "SendMessage is not valid in state Invited", a.post(path, Operation.of(
                OperationName.SendMessage).with("text", "hi").body()));
        long accept = a.operate(Media.CHAT, id, OperationName.Accept);
        a.awaitRef(accept, "NewMessages");
        assertStatus(2, "Accept is not valid in state Chatting", a.post(path, Operation.of(OperationName.Accept)
                .body()));
        assertStatus(2, "CancelConsult is not valid", a.post(path, Operation.of(OperationName.CancelConsult)
                .body()));
        // nothing changed, and no referenceId was used by the refusals
        long send = a.operate(Media.CHAT, id, Operation.of(OperationName.SendMessage).with("text", "still here"));
        assertEquals(accept + 1, send);
        assertEquals("Text", a.awaitRef(send, "NewMessages").messages().get(0).type());

        TestAgent fresh = track(TestAgent.connected(sim, clients, freshAgentName()));
        assertStatus(2, "not valid in state LoggedOut", fresh.post(ApiPaths.channel(Media.CHAT),
                Operation.of(OperationName.Ready).body()));
        assertStatus(2, "not valid in state LoggedOut", fresh.post(ApiPaths.ME, Operation.of(
                OperationName.Ready).body()));
    }

    @Test
    void unknownOrSomeoneElsesInteractionIs6() {
        TestAgent a = readyAgent(Media.CHAT);
        TestAgent b = readyAgent(Media.CHAT);
        String id = offerTo(a, Media.CHAT);
        assertStatus(6, "not found", b.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(
                OperationName.Accept).body()));
        assertStatus(6, "not found", a.post(ApiPaths.interaction(Media.CHAT, "0000NOSUCHCHAT00"), Operation.of(
                OperationName.Accept).body()));
        assertStatus(6, "not found", a.post(ApiPaths.interaction(Media.SMS, id), Operation.of(
                OperationName.Accept).body()));
        assertStatus(6, "Channel 'voice' not found", a.post(ApiPaths.ME + "/channels/voice", Operation.of(
                OperationName.Ready).body()));
        long accept = a.operate(Media.CHAT, id, OperationName.Accept);
        a.awaitRef(accept, "NewMessages");
        assertStatus(6, "not a known user", a.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(
                OperationName.Invite).with("targetPath", "/users/0123456789abcdef0123456789abcdef").body()));
        HttpAnswer unknownUrl = a.post("/api/v2/me/faxes/1", Operation.of(OperationName.Accept).body());
        assertEquals(404, unknownUrl.status());
        assertEquals(6, unknownUrl.statusCode());
    }

    @Test
    void supervisorOperationsByAnAgentAre5() {
        TestAgent a = readyAgent(Media.CHAT);
        TestAgent b = readyAgent(Media.CHAT);
        assertStatus(5, "supervisor role", a.post(ApiPaths.userChannel(b.user.id(), Media.CHAT), Operation.of(
                OperationName.Monitor).body()));
        String id = chatting(a, Media.CHAT);
        assertStatus(5, "supervisor role", a.post(ApiPaths.interaction(Media.CHAT, id), Operation.of(
                OperationName.SwitchToBargeIn).body()));
        assertStatus(5, "supervisor role", b.post(ApiPaths.userInteraction(a.user.id(), Media.CHAT, id),
                Operation.of(OperationName.Intrude).with("supervisorVisibilityMode", "Monitor").body()));
    }

    @Test
    void startWithSomeUnknownChannelsIs7AndLogsInTheOthers() {
        TestAgent a = track(TestAgent.connected(sim, clients, freshAgentName()));
        HttpAnswer answer = a.post(ApiPaths.ME, Operation.of(OperationName.StartContactCenterSession)
                .with("channels", List.of("chat", "voice")).body());
        assertStatus(7, "voice", answer);
        long ref = answer.referenceId();
        List<?> channels = (List<?>) a.awaitRef(ref, null).data().get("channels");
        assertEquals(1, channels.size());
        a.ready(Media.CHAT);
    }
}
