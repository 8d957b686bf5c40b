package io.gwsload.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * The customer's client against the embedded simulator's GMS Chat API: every way a call or a wait can fail ends
 * with one sentence that says what happened (the GMS status and error, the chat that ended, a service that is
 * not there, a GMS that is not there), and the keys of the latest successful reply are the ones used.
 */
class CustomerChatTest {
    private GwsSimulator sim;
    private HttpClient http;
    private CustomerRuntime customers;

    @BeforeEach
    void start() throws Exception {
        sim = GwsSimulator.start(SimulatorConfig.defaults().withPort(0).withAgents(1).withSupervisors(0));
        http = new HttpClient();
        http.start();
        customers = runtime(sim.baseUrl() + "/genesys/2/chat", Duration.ofMillis(100));
    }

    @AfterEach
    void stop() throws Exception {
        customers.close(Duration.ofSeconds(2));
        http.stop();
        sim.close();
    }

    private CustomerRuntime runtime(String url, Duration poll) {
        return runtime(url, poll, false);
    }

    private CustomerRuntime runtime(String url, Duration poll, boolean dynamic) {
        return new CustomerRuntime(http, new GmsSettings(url, "customer-support", poll, null, Duration.ofSeconds(5), true,
                dynamic, false));
    }

    private static String failure(java.util.concurrent.CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        return e.getCause().getMessage();
    }

    @Test
    void aChatServerAtItsLimitIsATryAgainInOneSentence() {
        sim.updateKnobs(Map.of("chatSessionLimit", 0 + 1));
        customers.requestChat("customer-support", "First", Map.of(), null).join();
        String why = failure(customers.requestChat("customer-support", "Second", Map.of(), null));
        assertEquals("GMS answered statusCode 1 (try again later): error 101 Chat Server unavailable: 1 chat "
                + "sessions are open (chatSessionLimit)", why);
    }

    @Test
    void pastChatServersMessageRateAMessageIsATryAgainInOneSentence() throws Exception {
        sim.updateKnobs(Map.of("chatMessageRateLimit", 2));
        CustomerChat chat = customers.requestChat("customer-support", "Jo", Map.of(), null).join().chat();
        // At most two messages in any one second pass: of twenty sent back to back, one is refused (unless the
        // twenty took ten seconds).
        String why = null;
        for (int i = 0; i < 20 && why == null; i++) {
            why = chat.send("message " + i).get(5, TimeUnit.SECONDS).failure();
        }
        assertEquals("GMS answered statusCode 1 (try again later): error 101 Chat Server unavailable: more than 2 "
                + "messages per second (chatMessageRateLimit)", why);
    }

    @Test
    void aWaitOnAChatTheCustomerLeftFailsWithTheReasonAndASendAfterIsRefused() throws Exception {
        CustomerChat chat = customers.requestChat("customer-support", "Jane", Map.of("Tier", "Gold"), "Hi").join()
                .chat();
        CustomerChat.Call left = chat.disconnect().get(5, TimeUnit.SECONDS);
        assertEquals(null, left.failure());
        String why = failure(chat.await(TranscriptEntry::fromAgent, false, "an agent", Duration.ofSeconds(5)));
        assertEquals("the chat ended (the customer left) before an agent", why);
        CustomerChat.Call late = chat.send("anyone?").get(5, TimeUnit.SECONDS);
        assertTrue(late.failure().startsWith("GMS answered statusCode 2 (refused): error 104"), late.failure());
    }

    @Test
    void aCustomerWhoPollsSlowerThanChatServersFlexDisconnectTimeoutIsDroppedAndItsStepsSaySo() throws Exception {
        sim.updateKnobs(Map.of("flexDisconnectTimeoutMs", 300L));
        CustomerRuntime slow = runtime(sim.baseUrl() + "/genesys/2/chat", Duration.ofMillis(1500));
        try {
            CustomerChat chat = slow.requestChat("customer-support", "Sam", Map.of(), null).get(5, TimeUnit.SECONDS)
                    .chat();
            String why = failure(chat.await(TranscriptEntry::fromAgent, false, "an agent", Duration.ofSeconds(10)));
            assertTrue(why.startsWith("the chat ended") && why.endsWith("before an agent"), why);
            assertEquals(1, sim.stats().counter("gmsFlexDisconnects"), "Chat Server's timeout dropped it");
            CustomerChat.Call late = chat.send("still there?").get(5, TimeUnit.SECONDS);
            assertTrue(late.failure() != null && late.failure().contains("error 104"), String.valueOf(late.failure()));
        } finally {
            slow.close(Duration.ofSeconds(2));
        }
    }

    @Test
    void withDynamicPollingTheCustomerReadsSoonAfterItWritesThoughItsIntervalIsLong() throws Exception {
        CustomerRuntime widget = runtime(sim.baseUrl() + "/genesys/2/chat", Duration.ofSeconds(30), true);
        try {
            CustomerChat chat = widget.requestChat("customer-support", "Pat", Map.of(), null).join().chat();
            assertEquals(null, chat.send("Is anyone there?").get(5, TimeUnit.SECONDS).failure());
            // Read by the poll 500 ms after the send, not by the one 30 s after the request.
            TranscriptEntry own = chat.await(e -> e.isMessage() && "Client".equals(e.fromType()), true, "own message",
                    Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
            assertEquals("Is anyone there?", own.text());
        } finally {
            widget.close(Duration.ofSeconds(2));
        }
    }

    @Test
    void aWaitThatNothingFillsEndsAtItsTimeout() {
        CustomerChat chat = customers.requestChat("customer-support", "Jim", Map.of(), null).join().chat();
        String why = failure(chat.await(TranscriptEntry::fromAgent, false, "agent joining", Duration.ofMillis(300)));
        assertEquals("no agent joining within 300 ms", why);
    }

    @Test
    void aWrongUrlOrAnAbsentGmsIsSaidPlainly() {
        CustomerRuntime wrong = runtime(sim.baseUrl() + "/genesys/2/chats", Duration.ofSeconds(1));
        String why = failure(wrong.requestChat("customer-support", "Jo", Map.of(), null));
        assertTrue(why.startsWith("GMS answered HTTP 405: Error 405") && why.endsWith("service name right?"), why);
        CustomerRuntime absent = runtime("http://127.0.0.1:1/genesys/2/chat", Duration.ofSeconds(1));
        String down = failure(absent.requestChat("customer-support", "Jo", Map.of(), null));
        assertTrue(down.startsWith("GMS call failed: "), down);
    }

    @Test
    void theFirstReplyShowsTheCustomersOwnJoinAndWordsAndTheAliasFollowsTheServer() throws Exception {
        sim.updateKnobs(Map.of("gmsAliasChangeRate", 1.0));
        // No poll between the calls (a poll in flight would make a call's alias one reply old, which is allowed).
        CustomerRuntime quiet = runtime(sim.baseUrl() + "/genesys/2/chat", Duration.ofMinutes(1));
        CustomerChat chat = quiet.requestChat("customer-support", "Ann", Map.of(), "Hello").join().chat();
        TranscriptEntry first = chat.await(e -> e.index() == 1, false, "own join", Duration.ofSeconds(1)).get();
        assertEquals("ParticipantJoined", first.type());
        assertEquals("Client", first.fromType());
        TranscriptEntry words = chat.await(TranscriptEntry::isMessage, true, "own words", Duration.ofSeconds(1)).get();
        assertEquals("Hello", words.text());
        // Every reply names a new alias; every call uses the latest, so the server never sees a stale one.
        for (int i = 0; i < 3; i++) {
            assertEquals(null, chat.typing(i % 2 == 0).get(5, TimeUnit.SECONDS).failure());
        }
        assertEquals(0, sim.stats().counter("gmsStaleAlias"));
        quiet.close(Duration.ofSeconds(2));
    }
    @Test
    void anEntryThatComesAfterAHigherOneIsStillRead() throws Exception {
        // Seen in CometD mode: a push piggy-backed on a publish's reply overtook the long poll's, so index 6
        // arrived before 5, and the agent's message at 5 was never read.
        CustomerRuntime quiet = runtime(sim.baseUrl() + "/genesys/2/chat", Duration.ofMinutes(1));
        CustomerChat chat = quiet.requestChat("customer-support", "Ann", Map.of(), null).join().chat();
        chat.onPushed(pushed(chat, 6, "Client", "Is anyone there?"), System.nanoTime());
        chat.onPushed(pushed(chat, 5, "Agent", "Hello, how can I help?"), System.nanoTime());
        chat.onPushed(pushed(chat, 5, "Agent", "Hello, how can I help?"), System.nanoTime()); // a repeat
        TranscriptEntry answer = chat.await(e -> e.isMessage() && "Agent".equals(e.fromType()), true, "the agent's words",
                Duration.ofSeconds(1)).get();
        assertEquals(5, answer.index());
        assertEquals("the agent's words", failure(chat.await(e -> e.isMessage() && "Agent".equals(e.fromType()), true,
                "the agent's words", Duration.ofMillis(50))).replace("no ", "").replaceAll(" within .*", ""),
                "read once: a repeat of index 5 is not a second message");
        quiet.close(Duration.ofSeconds(2));
    }

    @Test
    void inAConferenceTheChatEndsForTheCustomerWhenTheLastAgentLeavesNotTheFirst() throws Exception {
        CustomerRuntime quiet = runtime(sim.baseUrl() + "/genesys/2/chat", Duration.ofMinutes(1));
        CustomerChat chat = quiet.requestChat("customer-support", "Ann", Map.of(), null).join().chat();
        java.util.concurrent.CompletableFuture<TranscriptEntry> end = chat.awaitLastAgentLeaving(Duration.ofSeconds(5));
        // The customer's own join is index 1 (read with Request Chat's answer).
        chat.onPushed(entry(chat, 2, "ParticipantJoined", "Agent"), System.nanoTime());
        chat.onPushed(entry(chat, 3, "ParticipantJoined", "Agent"), System.nanoTime()); // invited to a conference
        chat.onPushed(entry(chat, 4, "ParticipantLeft", "Agent"), System.nanoTime()); // the first one leaves
        assertTrue(!end.isDone(), "one agent is still in the chat");
        chat.onPushed(entry(chat, 5, "ParticipantLeft", "Agent"), System.nanoTime());
        assertEquals(5, end.get(1, TimeUnit.SECONDS).index());
        // Read before the wait began, the same: the first agent's leave is passed over.
        assertEquals(5, chat.awaitLastAgentLeaving(Duration.ofSeconds(1)).get(1, TimeUnit.SECONDS).index());
        quiet.close(Duration.ofSeconds(2));
    }

    @Test
    void aLeaveThatOvertakesTheSecondAgentsJoinDoesNotEndTheConference() throws Exception {
        // CometD mode: pushes can overtake each other, so a leave can be read before a join that came before it.
        CustomerRuntime quiet = runtime(sim.baseUrl() + "/genesys/2/chat", Duration.ofMinutes(1));
        CustomerChat chat = quiet.requestChat("customer-support", "Ann", Map.of(), null).join().chat();
        java.util.concurrent.CompletableFuture<TranscriptEntry> end = chat.awaitLastAgentLeaving(Duration.ofSeconds(5));
        chat.onPushed(entry(chat, 2, "ParticipantJoined", "Agent"), System.nanoTime());
        chat.onPushed(entry(chat, 4, "ParticipantLeft", "Agent"), System.nanoTime()); // overtook index 3
        assertTrue(!end.isDone(), "index 3 is not read yet: nobody knows who is left");
        chat.onPushed(entry(chat, 3, "ParticipantJoined", "Agent"), System.nanoTime());
        assertTrue(!end.isDone(), "the second agent joined at 3 and is still in the chat");
        chat.onPushed(entry(chat, 6, "ParticipantLeft", "Agent"), System.nanoTime()); // overtook index 5
        assertTrue(!end.isDone(), "index 5 is not read yet");
        chat.onPushed(entry(chat, 5, "Message", "Agent"), System.nanoTime());
        assertEquals(6, end.get(1, TimeUnit.SECONDS).index(), "the gap filled: 6 was the last agent leaving");
        quiet.close(Duration.ofSeconds(2));
    }

    private static GmsReply entry(CustomerChat chat, int index, String type, String fromType) {
        return GmsReply.of(Map.of("statusCode", 0, "chatId", chat.chatId(), "nextPosition", index + 1, "chatEnded", false,
                "messages", java.util.List.of(Map.of("index", index, "type", type,
                        "from", Map.of("nickname", fromType, "type", fromType)))));
    }

    private static GmsReply pushed(CustomerChat chat, int index, String fromType, String text) {
        return GmsReply.of(Map.of("statusCode", 0, "chatId", chat.chatId(), "nextPosition", index + 1, "chatEnded", false,
                "messages", java.util.List.of(Map.of("index", index, "type", "Message", "text", text,
                        "from", Map.of("nickname", fromType, "type", fromType)))));
    }
    @Test
    void anUnknownServiceStopsThePreflightWithOneSentenceAndIsRefusedAsInvalidService() throws Exception {
        sim.updateKnobs(Map.of("gmsServices", "sales, customer-support"));
        assertEquals(null, customers.probe().get(5, TimeUnit.SECONDS), "a service the simulator knows");
        CustomerRuntime wrong = new CustomerRuntime(http, new GmsSettings(sim.baseUrl() + "/genesys/2/chat",
                "no-such-service", Duration.ofMillis(100), null, Duration.ofSeconds(5), true, false, false));
        String why = wrong.probe().get(5, TimeUnit.SECONDS);
        assertEquals("The GMS Chat API at " + sim.baseUrl() + "/genesys/2/chat does not know the service "
                + "'no-such-service' (GMS answered statusCode 2 (refused): error 306 Unknown chat service "
                + "'no-such-service'); set -Dgws.gms.service to a chat service configured in GMS.", why);
        String refused = failure(wrong.requestChat("no-such-service", "Dee", Map.of(), null));
        assertTrue(refused.contains("error 306"), refused);
        CustomerRuntime cometd = new CustomerRuntime(http, new GmsSettings(sim.baseUrl() + "/genesys/2/chat",
                "no-such-service", Duration.ofMillis(100), null, Duration.ofSeconds(5), true, false, true));
        try {
            String overCometd = failure(cometd.requestChat("no-such-service", "Dee", Map.of(), null));
            assertTrue(overCometd.contains("error 306"), "over CometD too: " + overCometd);
        } finally {
            cometd.close(Duration.ofSeconds(2));
        }
        sim.updateKnobs(Map.of("gmsServices", ""));
        assertEquals(null, wrong.probe().get(5, TimeUnit.SECONDS), "by default every service name is known");
        wrong.close(Duration.ofSeconds(2));
    }

    private static long cometdClientLoggers() {
        return ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getLoggerList()
                .stream().filter(l -> l.getName().startsWith(org.cometd.client.BayeuxClient.class.getName() + "."))
                .count();
    }

    @Test
    void headersOfTheUsersChoiceReachEveryCustomerApiThroughAGatewayThatRequiresThem() throws Exception {
        sim.updateKnobs(Map.of("gmsGatewayHeaders", "X-Tenant: acme; apikey: k-123"));
        String url = sim.baseUrl() + "/genesys/2/chat";
        String refused = customers.probe().get(5, TimeUnit.SECONDS);
        assertTrue(refused != null && refused.startsWith("GMS at " + url + " refused the call (GMS answered HTTP 403")
                && refused.endsWith("may need -Dgws.gms.apiKey or -Dgws.gms.headers."), refused);
        CustomerRuntime wrongKey = new CustomerRuntime(http, new GmsSettings(url, "customer-support",
                Duration.ofMillis(100), "k-999", Duration.ofSeconds(5), true, false, false, GmsSettings.Api.GMS, null,
                null, Map.of("X-Tenant", "acme")));
        String wrong = wrongKey.probe().get(5, TimeUnit.SECONDS);
        assertTrue(wrong != null && wrong.contains("header apikey missing or wrong") && !wrong.contains("k-999")
                && !wrong.contains("k-123"), "a wrong value is refused, and no value is shown: " + wrong);
        wrongKey.close(Duration.ofSeconds(2));
        Map<String, String> tenant = Map.of("X-Tenant", "acme");
        for (boolean cometd : new boolean[] {false, true}) {
            CustomerRuntime gms = new CustomerRuntime(http, new GmsSettings(url, "customer-support",
                    Duration.ofMillis(100), "k-123", Duration.ofSeconds(5), true, false, cometd, GmsSettings.Api.GMS,
                    null, null, tenant));
            assertEquals(null, gms.probe().get(5, TimeUnit.SECONDS), "the gateway lets the calls through");
            long loggers = cometdClientLoggers();
            CustomerChat chat = gms.requestChat("customer-support", "Chris", Map.of(), "Hello?").get(5,
                    TimeUnit.SECONDS).chat();
            // A chat over CometD has a client of its own; logback keeps no logger of it (CometdClientLoggers).
            assertEquals(loggers, cometdClientLoggers(), "cometd " + cometd);
            assertEquals(null, chat.send("Where is my order?").get(5, TimeUnit.SECONDS).failure(), "cometd " + cometd);
            assertEquals(null, chat.disconnect().get(5, TimeUnit.SECONDS).failure(), "cometd " + cometd);
            gms.close(Duration.ofSeconds(2));
        }
        CustomerRuntime gws = new CustomerRuntime(http, new GmsSettings(url, "customer-support", Duration.ofMillis(100),
                null, Duration.ofSeconds(5), true, false, false, GmsSettings.Api.GWS, sim.baseUrl() + "/api/v2/chats",
                "cfe5ad67-ba6d-4340-81f9-bb680ef5d498", Map.of("X-Tenant", "acme", "apikey", "k-123")));
        assertEquals(null, gws.probe().get(5, TimeUnit.SECONDS), "GWS's Customer Chat API gets them too");
        CustomerRuntime gwsWithout = new CustomerRuntime(http, new GmsSettings(url, "customer-support",
                Duration.ofMillis(100), null, Duration.ofSeconds(5), true, false, false, GmsSettings.Api.GWS,
                sim.baseUrl() + "/api/v2/chats", "cfe5ad67-ba6d-4340-81f9-bb680ef5d498", Map.of()));
        String gwsRefused = gwsWithout.probe().get(5, TimeUnit.SECONDS);
        assertTrue(gwsRefused != null && gwsRefused.contains("refused the call (HTTP 403)"), String.valueOf(gwsRefused));
        gwsWithout.close(Duration.ofSeconds(2));
        CustomerChat chat = gws.requestChat("customer-support", "Dee", Map.of(), "Hi").get(5, TimeUnit.SECONDS).chat();
        assertEquals(null, chat.disconnect().get(5, TimeUnit.SECONDS).failure());
        gws.close(Duration.ofSeconds(2));
        sim.updateKnobs(Map.of("gmsGatewayHeaders", ""));
    }

    @Test
    void overGwsCustomerChatApiTheSameStepsWorkWithJsonCallsAndAContactCenterId() throws Exception {
        CustomerRuntime gws = new CustomerRuntime(http, new GmsSettings(sim.baseUrl() + "/genesys/2/chat",
                "customer-support", Duration.ofMillis(100), null, Duration.ofSeconds(5), true, false, false,
                GmsSettings.Api.GWS, sim.baseUrl() + "/api/v2/chats", "cfe5ad67-ba6d-4340-81f9-bb680ef5d498", Map.of()));
        assertEquals(null, gws.probe().get(5, TimeUnit.SECONDS), "the simulator serves the Customer Chat API");
        CustomerChat chat = gws.requestChat("customer-support", "Chris", Map.of("Order", "42"), "Hello?").get(5,
                TimeUnit.SECONDS).chat();
        assertTrue(chat.chatId().matches("[0-9a-f-]{36}"), "a UUID, as the documentation's sample: " + chat.chatId());
        TranscriptEntry first = chat.await(TranscriptEntry::isMessage, true, "own words", Duration.ofSeconds(2)).get();
        assertEquals("Hello?", first.text());
        assertEquals("Customer", first.fromType(), "GWS's own names: Text from a Customer");
        assertEquals(null, chat.typing(true).get(5, TimeUnit.SECONDS).failure());
        assertEquals(null, chat.send("Where is my order?").get(5, TimeUnit.SECONDS).failure());
        TranscriptEntry second = chat.await(TranscriptEntry::isMessage, true, "own words", Duration.ofSeconds(2)).get();
        assertEquals("Where is my order?", second.text());
        assertEquals(null, chat.disconnect().get(5, TimeUnit.SECONDS).failure());
        assertEquals("the customer left", chat.endedBecause());
        CustomerRuntime wrong = new CustomerRuntime(http, new GmsSettings(sim.baseUrl() + "/genesys/2/chat",
                "customer-support", Duration.ofMillis(100), null, Duration.ofSeconds(5), true, false, false,
                GmsSettings.Api.GWS, sim.baseUrl() + "/no-such-api/chats", "x", Map.of()));
        String why = wrong.probe().get(5, TimeUnit.SECONDS);
        assertTrue(why != null && why.startsWith("GWS's Customer Chat API at ") && why.contains("-Dgws.contactCenterId"), why);
        // A failed call names the API that answered, and what to check for it (not GMS's settings).
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> wrong.requestChat("customer-support", "Dee",
                        Map.of(), null).get(5, TimeUnit.SECONDS));
        String sentence = refused.getCause().getMessage();
        assertTrue(sentence.startsWith("GWS answered HTTP 40") && sentence.endsWith(
                "; is gws.url GWS's base URL, and its Customer Chat API enabled?"), sentence);
        wrong.close(Duration.ofSeconds(2));
        gws.close(Duration.ofSeconds(2));
    }
    @Test
    void theTwoSidesArePairedByTheChatsTokenThoughTheyNameTheChatDifferently() throws Exception {
        CustomerChat chat = customers.requestChat("customer-support", "Ann", Map.of(), null).get(5, TimeUnit.SECONDS)
                .chat();
        String agentSideId = "0000AgentSideId1"; // what the agent's notifications call it (GWS's Customer Chat API:
                                                 // the customer's id is a UUID)
        Map<String, Object> offer = new java.util.LinkedHashMap<>();
        offer.put("messageType", "ChatStateChangeMessage");
        offer.put("notificationType", "StatusChange");
        offer.put("chat", Map.of("id", agentSideId, "state", "Invited", "userData", Map.of(CustomerChat.TOKEN_KEY,
                chat.token())));
        customers.onAgentNotification(io.gwsload.api.Notification.of("/v2/me/chats", offer), System.nanoTime());

        long sent = System.nanoTime();
        customers.agentSent(agentSideId, "Hello, how can I help?", sent);
        assertEquals(sent, customers.takeAgentSend(chat.token(), "Hello, how can I help?"),
                "the customer reading the agent's message is timed from the agent's SendMessage");

        java.util.concurrent.CompletableFuture<Long> seen = new java.util.concurrent.CompletableFuture<>();
        customers.agentJoining(agentSideId, "agent0001");
        assertTrue(customers.watchLeaving(chat.token(), seen::complete, () -> seen.complete(-1L)));
        Map<String, Object> left = new java.util.LinkedHashMap<>();
        left.put("messageType", "MessageLogUpdated");
        left.put("notificationType", "NewMessages");
        left.put("chatUri", "http://gws/api/v2/chats/" + agentSideId);
        left.put("messages", java.util.List.of(Map.of("index", 9, "type", "ParticipantLeft",
                "from", Map.of("type", "Customer", "nickname", "Ann"))));
        long at = System.nanoTime();
        customers.onAgentNotification(io.gwsload.api.Notification.of("/v2/me/chats", left), at);
        assertEquals(at, seen.get(1, TimeUnit.SECONDS), "the agent's notification of the customer leaving");

        long completed = System.nanoTime();
        customers.agentLeft(agentSideId, completed, "agent0001");
        assertEquals(completed, chat.agentLeftAt(), "a customer waiting for the end is timed from the agent's Complete");
        customers.agentSent("0000SomeOtherChat", "Hello", System.nanoTime());
        assertEquals(CustomerChat.NONE, customers.takeAgentSend(chat.token(), "Hello"), "another chat's message");
    }
    @Test
    void aCustomersLeaveIsTimedOnlyWhileAnAgentOfThisRunIsInTheChatByTheHarnesssOwnCount() throws Exception {
        // The soak's two Leave timeouts: in a conference both agents had posted Complete before the customer left,
        // but the customer's last poll, answered before the second Complete, still showed an agent in the chat.
        CustomerChat chat = customers.requestChat("customer-support", "Ann", Map.of(), null).get(5, TimeUnit.SECONDS)
                .chat();
        String id = "0000Conference01";
        Map<String, Object> offer = new java.util.LinkedHashMap<>();
        offer.put("messageType", "ChatStateChangeMessage");
        offer.put("notificationType", "StatusChange");
        offer.put("chat", Map.of("id", id, "state", "Invited", "userData", Map.of(CustomerChat.TOKEN_KEY,
                chat.token())));
        customers.onAgentNotification(io.gwsload.api.Notification.of("/v2/me/chats", offer), System.nanoTime());
        customers.agentJoining(id, "inviter");
        assertTrue(customers.agentJoining(id, "invited"));
        assertEquals(false, customers.agentJoining(id, "invited"), "a repeat Accept does not put it in again, so its "
                + "failure cannot take it out");
        customers.agentLeft(id, System.nanoTime(), "inviter"); // its Leave,
        customers.agentLeft(id, System.nanoTime(), "inviter"); // then its Complete: the invited agent is still in it

        java.util.concurrent.CompletableFuture<Long> seen = new java.util.concurrent.CompletableFuture<>();
        assertTrue(customers.watchLeaving(chat.token(), seen::complete, () -> seen.complete(-1L)),
                "one agent of this run is still in the chat: it can see the customer leave");
        customers.agentLeft(id, System.nanoTime(), "invited");
        assertEquals(-1L, seen.get(1, TimeUnit.SECONDS), "the last one left first: nobody is left to see it");
        assertEquals(false, customers.watchLeaving(chat.token(), l -> { }, () -> { }),
                "with no agent of this run in the chat, a leave is not timed (it would only time out)");
    }
}
