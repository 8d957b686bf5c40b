package io.gwsload.gatling;

import static io.gwsload.gatling.SummaryJson.byName;
import static io.gwsload.gatling.SummaryJson.map;
import static io.gwsload.gatling.SummaryJson.number;
import static io.gwsload.gatling.SummaryJson.requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The shipped {@code gwsload.CustomerJourneySimulation}, with the defaults a user gets: customers come in through
 * the embedded simulator's GMS Chat API, mobile customers through the harness's SMSC and the simulator's SMS Server
 * stand-in (SMPP), agents take their chats and SMS sessions through GWS, and every step of both sides is OK,
 * in Gatling's log and gws-load's summary alike. The polled timings carry their poll interval and a lower bound;
 * the customer-to-agent message is exact (not polled), so it stays far below the poll interval.
 */
class CustomerJourneyTest {
    private static final int CUSTOMERS = 8;
    /** The customers who leave (the odd arrivals); the others let the agent end the chat. */
    private static final int LEAVERS = (CUSTOMERS + 1) / 2;
    /** The simulation's default mobile (SMS) customers. */
    private static final int MOBILES = 4;
    private static final String PASSWORD = "Pw-7f3c91d0-secret";
    private static final String API_KEY = "Key-0b5e22a4-secret";
    private static final String TENANT = "Tenant-5d1e09c7-secret";

    @Test
    @SuppressWarnings("unchecked")
    void everyCustomerIsAnsweredAndBothMessagesArriveOnOneClock() throws Exception {
        // With secrets of its own, to look for them in everything the run writes (issue: nothing secret leaks), and
        // a gateway in front of the customer API that lets through only calls with the apikey and the tenant header.
        GatlingRuns.Run run = GatlingRuns.run(gwsload.CustomerJourneySimulation.class, Map.of(
                "gws.sim.generatedPassword", PASSWORD, "gws.gms.apiKey", API_KEY, "gws.gms.headers", "X-Tenant: "
                        + TENANT, "gws.sim.gmsGatewayHeaders", "apikey: " + API_KEY + "; X-Tenant: " + TENANT));
        assertNull(run.crash(), () -> "the run crashed: " + run.crash());
        assertEquals(0, run.exitCode(), "the simulation's assertion: no failed request");
        assertTrue(!run.placesHolding("Time to answer").isEmpty(), "the search reads what the run wrote");
        assertEquals(List.of(), run.placesHolding(PASSWORD), "the agents' password is written nowhere");
        assertEquals(List.of(), run.placesHolding(API_KEY), "GMS's apikey is written nowhere");
        assertEquals(List.of(), run.placesHolding(TENANT), "nor the customer API's other headers");
        Map<String, Object> summary = run.summary();
        List<Map<String, Object>> requests = (List<Map<String, Object>>) summary.get("requests");
        Map<String, long[]> gatling = GatlingResults.counts(run.gatlingResults());
        // Half the customers leave; the other half say they are done and wait for the agent to end the chat.
        Map<String, Long> expected = new java.util.LinkedHashMap<>();
        for (String name : List.of("Request chat", "Time to answer", "Typing", "Customer to agent HTTP",
                "Customer to agent", "Agent to customer", "Accept", "Answer")) {
            expected.put(name, (long) CUSTOMERS);
        }
        for (String name : List.of("Leave HTTP", "Leave")) {
            expected.put(name, (long) LEAVERS);
        }
        for (String name : List.of("Last words HTTP", "Last words", "Agent ended")) {
            expected.put(name, (long) (CUSTOMERS - LEAVERS));
        }
        expected.forEach((name, count) -> {
            Map<String, Object> r = byName(requests, name);
            assertEquals(count, number(r.get("ok")), r::toString);
            assertEquals(0L, number(r.get("ko")), r::toString);
            assertEquals(number(r.get("ok")), gatling.get(name)[0], name + " OK in Gatling's log");
        });
        for (String name : List.of("Time to answer", "Agent to customer")) {
            Map<String, Object> r = byName(requests, name);
            Map<String, Object> polled = (Map<String, Object>) r.get("polled");
            assertNotNull(polled, () -> name + " is read by polling: " + r);
            assertEquals(1000L, number(polled.get("intervalMs")));
            assertTrue(number(polled.get("lowerP50Us")) <= number(r.get("p50Us")), r::toString);
            // The embedded simulator's ground truth (when it appended the entry) lies within the reported bounds.
            assertEquals(0L, number(polled.get("outsideBounds")), r::toString);
            assertTrue(polled.get("truthP50Us") != null, () -> "the simulator's truth is there: " + r);
        }
        Map<String, Object> books = (Map<String, Object>) summary.get("customers");
        assertEquals((long) CUSTOMERS, number(books.get("chatsOpened")), books::toString);
        assertEquals(0L, number(books.get("chatsOpenAtEnd")), "every customer left or saw its end: " + books);
        assertEquals(0L, number(books.get("pollFailures")), books::toString);
        // The customers' books balance: every step begun ended, OK or KO (here all OK: 6 steps per customer).
        assertEquals(0L, number(books.get("stepsPending")), books::toString);
        assertEquals(number(books.get("steps")), number(books.get("stepsOk")) + number(books.get("stepsKo")),
                books::toString);
        // 6 steps per chat customer who leaves, 7 per one the agent ends (its last words and the end instead of the
        // disconnect), 5 per mobile one (two texts, two replies, the end).
        assertEquals(6L * LEAVERS + 7L * (CUSTOMERS - LEAVERS) + 5L * MOBILES, number(books.get("stepsOk")),
                books::toString);
        assertTrue(number(books.get("polls")) >= CUSTOMERS, books::toString);
        // SMS over SMPP, through the harness's SMSC and the simulator's SMS Server stand-in, beside the chats.
        for (String name : List.of("First SMS SMPP", "First SMS", "Agent to mobile", "Mobile to agent SMPP",
                "Mobile to agent", "Agent answer", "Accept SMS", "Answer SMS", "Reply SMS", "Complete SMS")) {
            Map<String, Object> r = byName(requests, name);
            assertEquals((long) MOBILES, number(r.get("ok")), r::toString);
            assertEquals(0L, number(r.get("ko")), r::toString);
            assertEquals(number(r.get("ok")), gatling.get(name)[0], name + " OK in Gatling's log");
            assertNull(r.get("polled"), () -> "SMS is pushed both ways, never polled: " + r);
        }
        for (String name : List.of("Agent to mobile", "Mobile to agent", "Agent answer")) {
            Map<String, Object> r = byName(requests, name);
            assertTrue(number(r.get("p99Us")) < 500_000, () -> "an SMPP message and a notification, no wait: " + r);
        }
        // Every SMS reply timed from an agent's SendMessage is checked against the simulator's time of its text.
        Map<String, Object> audit = map(map(summary.get("accounting")).get("audit"));
        assertTrue(number(audit.get("checked")) >= 2L * MOBILES, audit::toString);
        assertEquals(0L, number(audit.get("misattributed")), audit::toString);
        Map<String, Object> sms = map(books.get("sms"));
        assertEquals((long) MOBILES, number(sms.get("conversations")), sms::toString);
        assertEquals(2L * MOBILES, number(sms.get("delivered")), sms::toString);
        assertEquals(2L * MOBILES, number(sms.get("submitted")), "each agent's two messages reached the mobile");
        for (String zero : List.of("deliverFailures", "bindsRefused", "unmatchedReplies", "conversationsOpenAtEnd")) {
            assertEquals(0L, number(sms.get(zero)), zero + ": " + sms);
        }
        Map<String, Object> exact = byName(requests, "Customer to agent");
        assertNull(exact.get("polled"), "the agent's side is pushed, not polled");
        assertTrue(number(exact.get("p99Us")) < 500_000, () -> "an agent's notification, not a poll: " + exact);
        // Close propagation, customer to agent: the disconnect to the agent's notification of ParticipantLeft.
        Map<String, Object> left = byName(requests, "Leave");
        assertNull(left.get("polled"), "the agent's side is pushed, not polled");
        assertTrue(number(left.get("p99Us")) < 500_000, () -> "an agent's notification, not a poll: " + left);
        // Close propagation, agent to customer: the agent's Complete to the poll that shows the agent left.
        Map<String, Object> ended = byName(requests, "Agent ended");
        assertNotNull(ended.get("polled"), () -> "read by polling: " + ended);
    }

    /**
     * A fault on the customer's side through Gatling: Chat Server at its session limit refuses the customers it has
     * no room for. Each refusal is a KO of Request chat with its one sentence, the simulator refused exactly as many
     * as were KO'd, nothing is left pending, and every other step's books balance.
     */
    @Test
    void customersAChatServerAtItsLimitRefusesAreKoWithTheReasonAndTheBooksBalance() throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(gwsload.CustomerJourneySimulation.class, Map.of("customers", "4",
                "agents", "1", "smsCustomers", "0", "duration", "1s", "gws.sim.chatSessionLimit", "1"));
        assertNull(run.crash(), () -> "the run crashed: " + run.crash());
        assertTrue(run.exitCode() != 0, "the simulation's own assertion (no failed request) fails");
        Map<String, Object> summary = run.summary();
        Map<String, Object> request = byName(requests(summary), "Request chat");
        long ko = number(request.get("ko"));
        assertTrue(ko >= 1, () -> "one chat at a time, four customers in 1 s: " + request);
        assertEquals(4L, number(request.get("ok")) + ko, request::toString);
        assertTrue(String.valueOf(request.get("koMessages")).contains("statusCode 1 (try again later): error 101"),
                request::toString);
        Map<String, Object> truth = map(map(summary.get("simulatorGroundTruth")).get("counters"));
        // The simulator's errors: the refusals, and the preflight's question about a chat that does not exist (102).
        assertEquals(ko + 1, number(truth.get("gmsErrors")), () -> "refused by the simulator as KO'd: " + truth);
        Map<String, Object> customers = map(summary.get("customers"));
        assertEquals(0L, number(customers.get("stepsPending")), customers::toString);
        assertEquals(number(customers.get("steps")), number(customers.get("stepsOk")) + number(customers.get("stepsKo")),
                customers::toString);
        assertEquals(ko, number(customers.get("stepsKo")), "the refusals are the only KOs: " + customers);
        assertEquals(0L, number(customers.get("chatsOpenAtEnd")), customers::toString);
        Map<String, Object> books = map(summary.get("accounting"));
        assertEquals(number(books.get("sent")), number(books.get("ok")) + number(books.get("ko")), books::toString);
        assertEquals(0L, number(books.get("pending")), books::toString);
    }

    /**
     * CometD notification mode, and an agent waiting for one given customer's chat (the token in the chat's user
     * data pairs them), in one run: nothing is polled, so nothing waits for a poll, and each customer is greeted
     * with its own token although the three chats were offered to the agent in the other order.
     */
    @Test
    void pushedOverCometdAnAgentTakesTheChatOfTheCustomerItWasGivenNotTheFirstOffered() throws Exception {
        Map<String, Object> summary = pairing(Map.of("gws.gms.cometd", "true"), false);
        Map<String, Object> answer = byName(requests(summary), "Time to answer");
        assertTrue(number(answer.get("p50Us")) < 500_000, () -> "no poll interval in it: " + answer);
        assertEquals(0L, number(map(summary.get("customers")).get("polls")));
    }

    /**
     * GWS's Customer Chat API: the same pairing, though the customer's id of each chat (a UUID) is not the agent's;
     * the customer's side polls GetMessages, and learns the chat ended from GetChat once the agent left.
     */
    @Test
    void overGwsCustomerChatApiTheSamePairingHoldsThoughTheTwoSidesNameTheChatDifferently() throws Exception {
        Map<String, Object> summary = pairing(Map.of("gws.customerApi", "gws", "gws.gms.pollInterval", "200ms"), true);
        assertEquals(0L, number(map(summary.get("customers")).get("chatsOpenAtEnd")), "each customer saw its end");
    }

    /** One run of {@link CustomerPairingSimulation}: every step of its three customers OK; the summary. */
    private static Map<String, Object> pairing(Map<String, String> properties, boolean polled) throws Exception {
        GatlingRuns.Run run = GatlingRuns.run(CustomerPairingSimulation.class, properties);
        assertNull(run.crash(), () -> "the run crashed: " + run.crash());
        assertEquals(0, run.exitCode(), "no failed request: every customer was greeted with its own token");
        List<Map<String, Object>> requests = requests(run.summary());
        for (String name : List.of("Request chat", "Time to answer", "Question", "Greeting", "Agent left", "Accept")) {
            Map<String, Object> r = byName(requests, name);
            assertEquals(3L, number(r.get("ok")), r::toString);
        }
        for (String name : List.of("Time to answer", "Greeting", "Agent left")) {
            Map<String, Object> r = byName(requests, name);
            assertEquals(polled, r.get("polled") != null, () -> (polled ? "polled: " : "pushed, not polled: ") + r);
        }
        return run.summary();
    }

    @Test
    void aGmsThatIsNotThereStopsTheRunBeforeLoadWithOneSentence() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/genesys/2/chat";
        GatlingRuns.Run run = GatlingRuns.run(gwsload.CustomerJourneySimulation.class, Map.of("gws.gms.url", url));
        assertTrue(run.exitCode() != 0, "the run must not pass");
        assertTrue(run.stderr().contains("gws-load cannot start: Cannot reach GMS at " + url + ": connection refused."),
                run.stderr());
    }
}
