package io.gwsload.simulator;

import io.gwsload.simulator.truth.SimulatorStats;

import io.gwsload.simulator.users.Role;

import io.gwsload.simulator.users.SimUser;

import io.gwsload.simulator.model.Agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gwsload.api.Json;
import io.gwsload.api.Media;
import io.gwsload.api.OperationName;

/** Start and close, credentials, and the /sim control endpoint. */
class LifecycleAndControlTest extends SimulatorTestBase {

    private static ContentResponse control(HttpMethod method, String path, String body) throws Exception {
        var request = clients.http.newRequest(sim.baseUrl() + path).method(method);
        if (body != null) {
            request.body(new StringRequestContent("application/json", body));
        }
        return request.send();
    }

    private static Map<String, Object> json(ContentResponse r) {
        return Json.readMap(r.getContentAsString());
    }

    @Test
    void closeStopsEveryThreadAndClosesThePort() throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        GwsSimulator own = GwsSimulator.start(SimulatorConfig.defaults().withAgents(3).withSupervisors(1));
        int port = own.port();
        assertTrue(port > 0);
        assertEquals("http://127.0.0.1:" + port, own.baseUrl());
        // use it a little, so that its pools and schedulers really run
        TestAgent agent = TestAgent.ready(own, clients, "agent0001", Media.CHAT);
        own.injectContacts(Media.CHAT, 1);
        agent.awaitOffer(Media.CHAT);
        agent.disconnectCometd();

        own.close();
        assertTrue(own.isClosed());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "port still open");
        List<String> leftBehind = new java.util.ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            // the test's own client threads (shared HttpClient and CometD scheduler) may start lazily
            if (!before.contains(t) && !t.getName().startsWith("test-client") && !t.getName().startsWith("HttpClient@")
                    && !t.getName().startsWith("gws-sim-" + sim.port())) {
                t.join(5_000);
                if (t.isAlive()) {
                    leftBehind.add(t.getName());
                }
            }
        }
        assertEquals(List.of(), leftBehind, "threads left behind");
        own.close(); // twice is harmless
    }

    @Test
    void expireEndsHttpSessionsButNotTheLogins() throws Exception {
        try (GwsSimulator own = GwsSimulator.start(SimulatorConfig.defaults().withAgents(2).withSupervisors(0));
                TestAgent one = TestAgent.ready(own, clients, "agent0001", Media.CHAT);
                TestAgent two = TestAgent.ready(own, clients, "agent0002", Media.CHAT)) {
            var request = clients.http.newRequest(own.baseUrl() + "/sim/expire").method(HttpMethod.POST);
            ContentResponse one1 = request.body(new StringRequestContent("application/json",
                    "{\"users\":[\"agent0001\"]}")).send();
            assertEquals(Map.of("expired", 1), json(one1));
            Map<String, Object> notReady = Map.of("operationName", "NotReady");
            assertEquals(403, one.post("/api/v2/me/channels/chat", notReady).status(), "its session is gone");
            assertEquals(200, two.post("/api/v2/me/channels/chat", notReady).status(), "the other's is not");
            ContentResponse all = clients.http.newRequest(own.baseUrl() + "/sim/expire").method(HttpMethod.POST)
                    .body(new StringRequestContent("application/json", "{\"all\":true}")).send();
            assertEquals(Map.of("expired", 1), json(all), "only agent0002's session was left");
            assertEquals(2L, own.stats().counter("sessionsExpired"));
            assertEquals(400, clients.http.newRequest(own.baseUrl() + "/sim/expire").method(HttpMethod.POST)
                    .body(new StringRequestContent("application/json", "{\"users\":[\"nobody\"]}")).send()
                    .getStatus(), "an unknown user is refused");
            // Logged in still: a new GET /me gives a new session in which the agent's channel state holds.
            one.login();
            assertEquals(200, one.post("/api/v2/me/channels/chat", notReady).status());
        }
    }

    @Test
    void aBusyPortIsOneSentence() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GwsSimulator.start(SimulatorConfig.defaults().withPort(sim.port())));
        assertTrue(e.getMessage().startsWith("The simulator cannot listen on 127.0.0.1:" + sim.port()),
                e.getMessage());
    }

    @Test
    void usersAndCredentials(@TempDir Path dir) throws IOException {
        assertEquals(55, sim.users().size());
        SimUser first = sim.users().get(0);
        assertEquals("agent0001", first.username());
        assertEquals("Agent 1", first.nickname());
        assertEquals(Role.AGENT, first.role());
        assertEquals(32, first.id().length());
        assertEquals(sim.baseUrl() + "/api/v2/users/" + first.id(), first.uri());
        assertEquals("supervisor001", sim.users().get(50).username());
        assertFalse(first.toString().contains("password"), "toString never shows the password");

        Path file = dir.resolve("out/credentials.csv");
        sim.writeCredentials(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("username,password,role,nickname", lines.get(0));
        assertEquals("agent0001,password,agent,Agent 1", lines.get(1));
        assertEquals("supervisor005,password,supervisor,Supervisor 5", lines.get(55));
    }

    @Test
    void contactsConfigAndUsersEndpoints() throws Exception {
        TestAgent agent = readyAgent(Media.SMS);
        ContentResponse contacts = control(HttpMethod.POST, "/sim/contacts", "{\"media\":\"sms\",\"count\":1,"
                + "\"customerNickname\":\"Bob\",\"userData\":{\"k\":\"v\"},\"agent\":\"" + agent.user.username() + "\"}");
        assertEquals(200, contacts.getStatus(), contacts::getContentAsString);
        String id = (String) ((List<?>) json(contacts).get("ids")).get(0);
        var offer = agent.awaitOffer(Media.SMS);
        assertEquals(id, offer.interactionId());
        assertEquals("v", offer.interaction().userData().get("k"));

        ContentResponse badMedia = control(HttpMethod.POST, "/sim/contacts", "{\"media\":\"fax\"}");
        assertEquals(400, badMedia.getStatus());
        assertEquals("media must be \"chat\" or \"sms\", got \"fax\"", json(badMedia).get("error"));
        assertEquals(400, control(HttpMethod.POST, "/sim/contacts", "{\"media\":\"chat\",\"agent\":\"nobody\"}")
                .getStatus());
        assertEquals(400, control(HttpMethod.POST, "/sim/contacts", "not json").getStatus());

        ContentResponse config = control(HttpMethod.POST, "/sim/config", "{\"errorRate\":0.25,"
                + "\"processingDelay\":\"uniform:1:2\"}");
        assertEquals(200, config.getStatus());
        assertEquals(0.25, sim.knobs().errorRate());
        assertEquals("uniform:1:2", ((Map<?, ?>) json(control(HttpMethod.GET, "/sim/config", null)).get("knobs"))
                .get("processingDelay"));
        ContentResponse badKnob = control(HttpMethod.POST, "/sim/config", "{\"errorRate\":1.5}");
        assertEquals(400, badKnob.getStatus());
        assertEquals("errorRate must be a probability between 0 and 1, got '1.5'", json(badKnob).get("error"));
        assertEquals(400, control(HttpMethod.POST, "/sim/config", "{\"port\":1}").getStatus());
        assertEquals(400, control(HttpMethod.POST, "/sim/config", "{\"noSuchKnob\":1}").getStatus());
        assertEquals(0.25, sim.knobs().errorRate(), "a refused change changes nothing");

        ContentResponse users = control(HttpMethod.GET, "/sim/users", null);
        assertFalse(users.getContentAsString().contains("password"));
        assertEquals(55, ((List<?>) json(users).get("users")).size());
        assertEquals(404, control(HttpMethod.GET, "/sim/nothing", null).getStatus());
    }

    @Test
    void statsEndpointAndReset() throws Exception {
        TestAgent agent = readyAgent(Media.CHAT);
        String id = chatting(agent, Media.CHAT);
        ContentResponse r = control(HttpMethod.GET, "/sim/stats?gc=true", null);
        assertEquals(200, r.getStatus());
        SimulatorStats stats = SimulatorStats.fromJson(r.getContentAsString());
        SimulatorStats.OperationTiming accept = stats.operation("Accept");
        assertNotNull(accept, r::getContentAsString);
        assertEquals(1, accept.count());
        assertEquals(1, accept.decodeHistogram().getTotalCount());
        assertTrue(accept.minUs() <= accept.p50Us() && accept.p50Us() <= accept.maxUs());
        assertEquals(2, stats.operation("Ready").count() + stats.operation("StartContactCenterSession").count());
        assertEquals(1, stats.sessions().cometd());
        assertEquals(1, stats.sessions().loggedInAgents());
        assertTrue(stats.sessions().http() >= 1);
        assertTrue(stats.jvm().heapUsedBytes() > 0);
        assertTrue(stats.jvm().threads() > 0);
        assertTrue(stats.counter("requests") >= 4);
        assertEquals(1, stats.counter("contactsArrived"));

        assertEquals(200, control(HttpMethod.POST, "/sim/stats/reset", null).getStatus());
        assertEquals(0, sim.stats().counter("requests"));
        assertTrue(sim.stats().operations().isEmpty());
        agent.operate(Media.CHAT, id, OperationName.Complete);
    }

    @Test
    void disconnectEndpoint() throws Exception {
        TestAgent agent = readyAgent(Media.CHAT);
        agent.expectRehandshake();
        ContentResponse r = control(HttpMethod.POST, "/sim/disconnect", "{\"users\":[\"" + agent.user.username()
                + "\"]}");
        assertEquals(1, ((Number) json(r).get("disconnected")).intValue());
        agent.awaitRehandshake();
        agent.expectRehandshake();
        assertEquals(1, ((Number) json(control(HttpMethod.POST, "/sim/disconnect", "{\"all\":true}"))
                .get("disconnected")).intValue());
        agent.awaitRehandshake();
        assertEquals(400, control(HttpMethod.POST, "/sim/disconnect", "{}").getStatus());
        assertEquals(400, control(HttpMethod.POST, "/sim/disconnect", "{\"users\":[\"nobody\"]}").getStatus());
    }
}
