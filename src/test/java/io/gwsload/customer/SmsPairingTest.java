package io.gwsload.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gwsload.api.Notification;

/**
 * An SMS conversation carries no user data: it is paired with the agents' SMS session by the first agent
 * notification that shows one of the customer's message tokens, and from then on the agents' SendMessage in that
 * session times the customer's {@code awaitReply}, in whichever order the two arrive.
 */
class SmsPairingTest {
    private static final String SESSION = "0000SmsSession01";
    private CustomerRuntime customers;
    private SmsCustomers sms;

    @BeforeEach
    void start() throws Exception {
        customers = new CustomerRuntime(null, new GmsSettings("http://127.0.0.1:9/genesys/2/chat", "customer-support",
                Duration.ofSeconds(1), null, Duration.ofSeconds(1), false, false, false));
        sms = SmsCustomers.start(customers, new SmsSettings(0, "gwsload", null, "5000", "15550000000",
                Duration.ofSeconds(1), Duration.ofSeconds(1), false));
    }

    @AfterEach
    void stop() {
        sms.close();
        customers.close(Duration.ofSeconds(1));
    }

    /** The agent's MessageLogUpdated in the SMS session, holding the customer's text. */
    private static Notification customerText(String text) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageType", "MessageLogUpdated");
        data.put("notificationType", "NewMessages");
        data.put("smssessionUri", "http://gws/api/v2/smssessions/" + SESSION);
        data.put("messages", List.of(Map.of("index", 2, "type", "Text", "text", text, "from", Map.of("type",
                "Customer"))));
        return Notification.of("/v2/me/smssessions", data);
    }

    @Test
    void theAgentsAnswerBeforeTheSessionIsPairedStillTimesTheReply() {
        SmsConversation c = sms.open();
        String token = customers.newToken();
        customers.watchToken(token, null, c.token());
        long sent = System.nanoTime();
        // An Accept completes on its state change: the agent's first SendMessage can come before the notification
        // that shows the customer's text (and so pairs the session).
        customers.agentSent(SESSION, "Hello, how can I help?", sent);
        customers.onAgentNotification(customerText("Hi " + token), System.nanoTime());
        assertEquals(sent, sms.agentSentAt(c, "Hello, how can I help?"));
        assertEquals(CustomerChat.NONE, sms.agentSentAt(c, "Hello, how can I help?"), "taken once");
    }

    @Test
    void afterThePairingTheAgentsMessagesAreTheConversationsAndNoOtherOne() {
        SmsConversation c = sms.open();
        SmsConversation other = sms.open();
        String token = customers.newToken();
        customers.watchToken(token, null, c.token());
        customers.onAgentNotification(customerText("Hi " + token), System.nanoTime());
        long sent = System.nanoTime();
        customers.agentSent(SESSION, "Your order is on its way.", sent);
        assertEquals(CustomerChat.NONE, sms.agentSentAt(other, "Your order is on its way."));
        assertEquals(sent, sms.agentSentAt(c, "Your order is on its way."));
    }
}
