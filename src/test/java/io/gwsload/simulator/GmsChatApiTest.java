package io.gwsload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.gwsload.api.Json;
import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;

/**
 * The simulator's GMS Chat API v2 (polling mode), called as a customer's browser calls it: form-encoded POSTs,
 * one reply shape, the customer's transcript with {@code Message}/{@code Client}, positions, {@code chatEnded},
 * and each documented kind of failure.
 */
class GmsChatApiTest extends SimulatorTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aCustomerRequestsAChatIsRoutedToAnAgentAndBothSeeEachOthersMessages() throws Exception {
        TestAgent agent = readyAgent(Media.CHAT);
        Reply start = post("/customer-support", Map.of("nickname", "Jane", "userData[Token]", "c-1",
                "text", "I need help"));
        assertEquals(200, start.http);
        assertEquals(0, start.number("statusCode"));
        for (String key : List.of("chatId", "alias", "userId", "secureKey")) {
            assertTrue(start.body.get(key) instanceof String s && !s.isEmpty(), key + " in " + start.body);
        }
        assertEquals(false, start.body.get("chatEnded"));
        List<Map<String, Object>> first = start.messages();
        assertEquals("ParticipantJoined", first.get(0).get("type"));
        assertEquals(1, ((Number) first.get(0).get("index")).intValue());
        assertEquals("Client", from(first.get(0)).get("type"));
        assertEquals("Message", first.get(1).get("type"));
        assertEquals("I need help", first.get(1).get("text"));
        assertEquals(3, start.number("nextPosition"));
        long utc = ((Number) first.get(0).get("utcTime")).longValue();
        assertEquals(0, utc % 1000, "whole seconds, as the GMS samples");

        String chatId = (String) start.body.get("chatId");
        Notification offer = agent.awaitOffer(Media.CHAT);
        assertEquals(chatId, offer.interactionId(), "the GMS chatId is the interaction's id");
        assertEquals("c-1", offer.interaction().userData().get("Token"));
        agent.operate(Media.CHAT, chatId, Operation.of(OperationName.Accept));
        agent.awaitOn(chatId, "NewMessages");

        Reply send = post("/customer-support/" + chatId + "/send", keys(start, Map.of("message", "Order 42")));
        assertEquals(0, send.number("statusCode"), send.body::toString);
        Notification seen = agent.await("the customer's message", n -> chatId.equals(n.interactionId())
                && n.messages() != null && n.messages().stream().anyMatch(m -> "Order 42".equals(m.text())));
        assertEquals("Customer", seen.messages().get(seen.messages().size() - 1).from().type());
        agent.operate(Media.CHAT, chatId, Operation.of(OperationName.SendMessage).with("text", "Hello Jane"));

        Reply poll = post("/customer-support/" + chatId + "/refresh", keys(start, Map.of("transcriptPosition", "3")));
        assertEquals(0, poll.number("statusCode"));
        List<String> seenByCustomer = poll.messages().stream()
                .map(m -> m.get("type") + ":" + from(m).get("type") + ":" + m.getOrDefault("text", "")).toList();
        assertTrue(seenByCustomer.contains("ParticipantJoined:Agent:"), seenByCustomer::toString);
        assertTrue(seenByCustomer.contains("Message:Client:Order 42"), seenByCustomer::toString);
        assertTrue(seenByCustomer.contains("Message:Agent:Hello Jane"), seenByCustomer::toString);
        int next = poll.number("nextPosition");
        Reply empty = post("/customer-support/" + chatId + "/refresh", keys(start, Map.of("transcriptPosition",
                String.valueOf(next))));
        assertEquals(List.of(), empty.messages(), "nothing new from nextPosition on");
        assertEquals(next, empty.number("nextPosition"));

        Reply bye = post("/customer-support/" + chatId + "/disconnect", keys(start, Map.of()));
        assertEquals(true, bye.body.get("chatEnded"));
        agent.await("the customer left", n -> chatId.equals(n.interactionId()) && n.messages() != null
                && n.messages().stream().anyMatch(m -> "ParticipantLeft".equals(m.type())
                        && "Customer".equals(m.from().type())));
        Reply late = post("/customer-support/" + chatId + "/send", keys(start, Map.of("message", "still there?")));
        assertEquals(2, late.number("statusCode"));
        assertEquals(true, late.body.get("chatEnded"));
        assertEquals(104, late.errorCode());
    }

    @Test
    void eachFailureIsAStatusCodeWithOneError() throws Exception {
        Reply start = post("/customer-support", Map.of("nickname", "Jim"));
        String chatId = (String) start.body.get("chatId");
        Map<String, String> wrongKey = new LinkedHashMap<>(keys(start, Map.of("message", "hi")));
        wrongKey.put("secureKey", "0000000000000000");
        Reply bad = post("/customer-support/" + chatId + "/send", wrongKey);
        assertEquals(2, bad.number("statusCode"));
        assertEquals(103, bad.errorCode());
        Reply unknown = post("/customer-support/0000XXXXXXXXXXXX/refresh", keys(start, Map.of()));
        assertEquals(2, unknown.number("statusCode"));
        assertEquals(102, unknown.errorCode());
        Reply noName = post("/customer-support", Map.of("subject", "none"));
        assertEquals(105, noName.errorCode());

        HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                + "/genesys/2/chat/customer-support")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"nickname\":\"J\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, json.statusCode());

        sim.updateKnobs(Map.of("chatSessionLimit", 1));
        Reply refused = post("/customer-support", Map.of("nickname", "One too many"));
        assertEquals(1, refused.number("statusCode"), "try again later: Chat Server's session limit");
        assertEquals(101, refused.errorCode());
    }

    @Test
    void aCustomerWhoStopsAskingIsDroppedAndTheAliasChangesNowAndThen() throws Exception {
        sim.updateKnobs(Map.of("gmsAliasChangeRate", 1.0));
        Reply start = post("/customer-support", Map.of("nickname", "Quiet"));
        String chatId = (String) start.body.get("chatId");
        Reply poll = post("/customer-support/" + chatId + "/refresh", keys(start, Map.of()));
        assertNotEquals(start.body.get("alias"), poll.body.get("alias"), "every reply names a new alias at rate 1");
        // Chat Server's flex-disconnect-timeout, run as if 46 s had passed without a request.
        sim.gmsChats().sweep(System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(46));
        Reply after = post("/customer-support/" + chatId + "/refresh", keys(poll, Map.of("transcriptPosition", "1")));
        assertEquals(true, after.body.get("chatEnded"), after.body::toString);
        assertEquals(1, sim.stats().counter("gmsFlexDisconnects"));
    }

    @Test
    void overCometdTheReplyAndEveryNewEntryArePushedAndAWrongKeyIsRefused() throws Exception {
        org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
        http.start();
        org.cometd.client.BayeuxClient client = new org.cometd.client.BayeuxClient(sim.baseUrl() + "/genesys/cometd",
                new org.cometd.client.http.jetty.JettyHttpClientTransport(new java.util.HashMap<>(), http));
        java.util.concurrent.LinkedBlockingQueue<Map<String, Object>> pushed = new java.util.concurrent.LinkedBlockingQueue<>();
        String topic = "/service/chatV2/customer-support";
        try {
            TestAgent agent = readyAgent(Media.CHAT);
            client.getChannel(topic).addListener((org.cometd.bayeux.client.ClientSessionChannel.MessageListener)
                    (c, m) -> pushed.add(m.getDataAsMap()));
            client.handshake();
            assertTrue(client.waitFor(5000, org.cometd.client.BayeuxClient.State.CONNECTED));
            client.getChannel(topic).publish(Map.of("operation", "requestChat", "nickname", "Kim",
                    "userData", Map.of("Token", "k-1")));
            Map<String, Object> reply = pushed.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, ((Number) reply.get("statusCode")).intValue(), String.valueOf(reply));
            assertEquals("requestChat", reply.get("operation"));
            String chatId = (String) reply.get("chatId");
            String key = (String) reply.get("secureKey");
            agent.awaitOffer(Media.CHAT);
            agent.operate(Media.CHAT, chatId, Operation.of(OperationName.Accept));
            // The agent's join is pushed, without asking.
            Map<String, Object> joined;
            do {
                joined = pushed.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            } while (joined != null && !String.valueOf(joined.get("messages")).contains("type=Agent"));
            assertTrue(joined != null, "the agent's join is pushed");
            client.getChannel(topic).publish(Map.of("operation", "sendMessage", "secureKey", "wrong", "message", "x"));
            Map<String, Object> refused = pushed.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(2, ((Number) refused.get("statusCode")).intValue(), String.valueOf(refused));
            client.getChannel(topic).publish(Map.of("operation", "requestNotifications", "secureKey", key,
                    "transcriptPosition", 1));
            Map<String, Object> replay = pushed.poll(5, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(1, ((Number) ((Map<?, ?>) ((List<?>) replay.get("messages")).get(0)).get("index")).intValue(),
                    "the whole transcript again, from position 1");
        } finally {
            client.disconnect(1000);
            http.stop();
        }
    }

    // ---- a customer's calls ----

    private record Reply(int http, Map<String, Object> body) {
        int number(String key) {
            return ((Number) body.get(key)).intValue();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages() {
            return (List<Map<String, Object>>) body.get("messages");
        }

        @SuppressWarnings("unchecked")
        int errorCode() {
            return ((Number) ((List<Map<String, Object>>) body.get("errors")).get(0).get("code")).intValue();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> from(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("from");
    }

    private static Map<String, String> keys(Reply r, Map<String, String> more) {
        Map<String, String> m = new LinkedHashMap<>(more);
        m.put("userId", (String) r.body.get("userId"));
        m.put("secureKey", (String) r.body.get("secureKey"));
        m.put("alias", (String) r.body.get("alias"));
        return m;
    }

    private static Reply post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/genesys/2/chat" + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), Json.MAPPER.readValue(r.body(), Json.MAPPER.getTypeFactory()
                .constructMapType(Map.class, String.class, Object.class)));
    }
}
