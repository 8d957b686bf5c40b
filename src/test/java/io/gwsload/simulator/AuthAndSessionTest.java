package io.gwsload.simulator;

import io.gwsload.simulator.users.SimUser;

import io.gwsload.simulator.model.Agent;

import io.gwsload.simulator.http.WebSessions;

import io.gwsload.simulator.http.WebSession;

import io.gwsload.simulator.http.BasicAuth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.cometd.bayeux.Message;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

import io.gwsload.api.ApiPaths;
import io.gwsload.api.Json;
import io.gwsload.api.Media;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;

class AuthAndSessionTest extends SimulatorTestBase {
    private static final String READY = "{\"operationName\":\"Ready\"}";

    @Test
    void wrongPasswordOrNoCredentialsAre401WithStatusCode20() throws Exception {
        ContentResponse none = clients.http.GET(sim.baseUrl() + ApiPaths.ME);
        assertEquals(401, none.getStatus());
        assertEquals("Basic realm=\"gws\"", none.getHeaders().get(HttpHeader.WWW_AUTHENTICATE));
        assertEquals(20, ((Number) Json.readMap(none.getContentAsString()).get("statusCode")).intValue());

        ContentResponse wrong = clients.http.newRequest(sim.baseUrl() + ApiPaths.ME)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, BasicAuth.header("agent0001", "not-the-password")))
                .send();
        assertEquals(401, wrong.getStatus());
        Map<String, Object> body = Json.readMap(wrong.getContentAsString());
        assertEquals(20, ((Number) body.get("statusCode")).intValue());
        assertNotNull(body.get("statusMessage"));
        assertTrue(sim.stats().counter("http401") >= 2);
    }

    @Test
    void getCreatesASessionWithCookieAndCsrfTokenAndReusesIt() {
        TestAgent a = track(new TestAgent(sim, clients, freshAgentName()));
        HttpAnswer first = a.get(ApiPaths.ME);
        assertEquals(200, first.status());
        String setCookie = first.headers().get(HttpHeader.SET_COOKIE);
        assertTrue(setCookie.matches("JSESSIONID=[^;]+; Path=/; HttpOnly"), setCookie);
        assertEquals("X-CSRF-TOKEN", first.header("X-CSRF-HEADER"));
        String token = first.header("X-CSRF-TOKEN");
        assertTrue(token.matches("[0-9a-f-]{36}"), token);

        HttpAnswer second = a.get(ApiPaths.ME);
        assertNull(second.headers().get(HttpHeader.SET_COOKIE), "the session is reused");
        assertEquals(token, second.header("X-CSRF-TOKEN"));

        Map<?, ?> user = (Map<?, ?>) first.json().get("user");
        assertEquals(a.user.id(), user.get("id"));
        assertEquals(SimUser.idFor(a.user.username()), user.get("id"));
        assertEquals(a.user.username(), user.get("userName"));
        assertEquals(List.of("ROLE_AGENT"), user.get("roles"));
        assertEquals(sim.baseUrl() + "/api/v2/users/" + a.user.id(), user.get("uri"));
        assertEquals("/users/" + a.user.id(), user.get("path"));
    }

    @Test
    void postWithoutCsrfTokenOrWithoutCookieIs403() {
        TestAgent a = track(new TestAgent(sim, clients, freshAgentName()).login());
        String path = ApiPaths.ME;
        String start = Operation.of(OperationName.StartContactCenterSession).with("channels", List.of("chat"))
                .toJson();
        long before = sim.stats().counter("http403");

        HttpAnswer noToken = a.post(path, start, true, false);
        assertEquals(403, noToken.status());
        assertEquals("Missing or invalid Csrf token", noToken.text());

        HttpAnswer noCookie = a.post(path, start, false, true);
        assertEquals(403, noCookie.status());
        assertEquals("Missing or invalid Csrf token", noCookie.text());

        String good = a.csrfToken;
        a.csrfToken = "00000000-0000-0000-0000-000000000000";
        assertEquals(403, a.post(path, start, true, true).status());
        a.csrfToken = good;

        // another user's session cookie does not do either
        TestAgent other = track(new TestAgent(sim, clients, freshAgentName()).login());
        String mine = a.sessionId;
        a.sessionId = other.sessionId;
        assertEquals(403, a.post(path, start, true, true).status());
        a.sessionId = mine;

        assertEquals(before + 4, sim.stats().counter("http403"));
        HttpAnswer ok = a.post(path, start, true, true);
        assertEquals(0, ok.statusCode());
        assertEquals(1, ok.referenceId(), "refused POSTs consumed no referenceId");
    }

    @Test
    void csrfKnobOffLetsPostsThroughWithoutToken() {
        TestAgent a = track(new TestAgent(sim, clients, freshAgentName()).login());
        sim.updateKnobs(Map.of("csrf", false));
        HttpAnswer answer = a.post(ApiPaths.ME, Operation.of(OperationName.StartContactCenterSession)
                .with("channels", List.of("chat")).toJson(), true, false);
        assertEquals(0, answer.statusCode(), answer::toString);
    }

    @Test
    void handshakeWithoutALiveSessionIsRefused() {
        long before = sim.stats().counter("handshakesRefused");
        TestAgent noSession = track(new TestAgent(sim, clients, freshAgentName()).connect(false));
        Message reply = noSession.lastHandshakeReply();
        assertFalse(reply.isSuccessful(), () -> "handshake without a session: " + reply);
        noSession.disconnectCometd();

        TestAgent bogus = track(new TestAgent(sim, clients, freshAgentName()));
        bogus.sessionId = "node0doesnotexist";
        bogus.connect(false);
        assertFalse(bogus.lastHandshakeReply().isSuccessful());
        bogus.disconnectCometd();

        // a live session, but the Basic header of another user
        TestAgent owner = track(new TestAgent(sim, clients, freshAgentName()).login());
        TestAgent thief = track(new TestAgent(sim, clients, freshAgentName()));
        thief.sessionId = owner.sessionId;
        thief.connect(false);
        assertFalse(thief.lastHandshakeReply().isSuccessful());
        thief.disconnectCometd();

        assertEquals(before + 3, sim.stats().counter("handshakesRefused"));
        assertTrue(track(TestAgent.connected(sim, clients, owner.user.username())).lastHandshakeReply()
                .isSuccessful());
    }

    @Test
    void clientsMaySubscribeToTheirOwnChannelsOnlyAndNotPublish() {
        TestAgent a = track(TestAgent.connected(sim, clients, freshAgentName()));
        assertTrue(a.subscribeReply("/v2/me/chats").isSuccessful());
        assertTrue(a.subscribeReply("/v2/me/**").isSuccessful());
        assertFalse(a.subscribeReply("/v2/agents/all").isSuccessful());
        assertFalse(a.subscribeReply("/**").isSuccessful());
        assertFalse(a.publishReply("/v2/me/chats").isSuccessful());
    }

    @Test
    void referenceIdsCountPerHttpSessionFromOne() {
        TestAgent a = track(TestAgent.connected(sim, clients, freshAgentName()));
        long first = a.operate(ApiPaths.ME, Operation.of(OperationName.StartContactCenterSession)
                .with("channels", List.of("chat", "smssession")));
        assertEquals(1, first);
        assertEquals(2, a.operate(ApiPaths.channel(Media.CHAT), Operation.of(OperationName.Ready)));
        // a second HTTP session of the same user counts on its own
        TestAgent again = track(new TestAgent(sim, clients, a.user.username()).login());
        assertNotEquals(a.sessionId, again.sessionId);
        assertEquals(1, again.operate(ApiPaths.channel(Media.CHAT), Operation.of(OperationName.NotReady)));
        assertEquals(3, a.operate(ApiPaths.channel(Media.CHAT), Operation.of(OperationName.Ready)));
    }

    @Test
    void endContactCenterSessionLogsOutAndEndsTheHttpSession() {
        TestAgent a = track(readyAgent(Media.CHAT));
        long ref = a.operate(ApiPaths.ME, Operation.of(OperationName.EndContactCenterSession));
        Map<?, ?> channel = (Map<?, ?>) ((List<?>) a.awaitRef(ref, null).data().get("channels")).get(0);
        assertEquals("LoggedOut", ((Map<?, ?>) channel.get("userState")).get("state"));
        assertEquals(403, a.post(ApiPaths.channel(Media.CHAT), READY, true, true).status(),
                "the HTTP session is gone");
    }

    @Test
    void meWithSubresourcesListsChatsAndChannels() {
        TestAgent a = readyAgent(Media.CHAT, Media.SMS);
        String id = chatting(a, Media.CHAT);
        Map<?, ?> user = (Map<?, ?>) a.get(ApiPaths.ME + "?subresources=*").json().get("user");
        List<?> chats = (List<?>) user.get("chats");
        assertEquals(1, chats.size());
        assertEquals(id, ((Map<?, ?>) chats.get(0)).get("id"));
        assertEquals(List.of(), user.get("smssessions"));
        assertEquals(2, ((List<?>) user.get("channels")).size());

        HttpAnswer list = a.get(ApiPaths.interactions(Media.CHAT));
        assertEquals(0, list.statusCode());
        assertEquals(1, ((List<?>) list.json().get("chats")).size());
        HttpAnswer messages = a.get(ApiPaths.interaction(Media.CHAT, id) + "/messages?startIndex=2&count=1");
        List<?> entries = (List<?>) messages.json().get("messages");
        assertEquals(1, entries.size());
        assertEquals(2, ((Number) ((Map<?, ?>) entries.get(0)).get("index")).intValue());
    }

    @Test
    void versionAndUnknownUrls() {
        TestAgent a = track(new TestAgent(sim, clients, freshAgentName()));
        HttpAnswer version = a.get(ApiPaths.VERSION);
        assertEquals(0, version.statusCode());
        assertTrue(((String) version.json().get("version")).startsWith("8.5.2"));
        HttpAnswer unknown = a.get("/api/v2/nothing/here");
        assertEquals(404, unknown.status());
        assertEquals(6, unknown.statusCode());
    }

    @Test
    void idleSessionsExpire() {
        WebSessions sessions = new WebSessions();
        Agent agent = new Agent(sim.users().get(0));
        WebSession s = sessions.create(agent);
        assertEquals(0, sessions.expire(Long.MAX_VALUE));
        assertEquals(1, sessions.expire(-1));
        assertNull(sessions.get(s.id()));
    }
}
