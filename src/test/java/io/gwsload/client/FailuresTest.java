package io.gwsload.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.net.ConnectException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** KO messages from transport failures are short and alike for alike failures, so Gatling's error table groups them. */
class FailuresTest {
    @Test
    void aConnectionClosedMidAnswerReadsTheSameWhicheverConnection() {
        // Jetty's EOFException message is the connection's description: ids and ports differ per connection.
        String one = Failures.describe(new ExecutionException(new EOFException(
                "HttpConnectionOverHTTP@32ebd613::SocketChannelEndPoint@1798a1bc[{l=/127.0.0.1:52360,r=/127.0.0.1:8080}]")));
        String two = Failures.describe(new EOFException(
                "HttpConnectionOverHTTP@7a189179::SocketChannelEndPoint@634065c5[{l=/127.0.0.1:51454,r=/127.0.0.1:8080}]"));
        assertEquals("connection closed by the target before the answer", one);
        assertEquals(one, two);
        assertEquals("connection refused", Failures.describe(new ConnectException("Connection refused")));
    }

    @Test
    void a401ThatNamesNoSchemeSaysWhatItIsNotAProtocolViolation() {
        // What Jetty's client makes of an API gateway's bare 401.
        String why = Failures.describe(new ExecutionException(new org.eclipse.jetty.client.HttpResponseException(
                "HTTP protocol violation: Authentication challenge without WWW-Authenticate header", null)));
        assertEquals("HTTP 401 without a WWW-Authenticate header (the target, or a gateway in front of it, refused "
                + "who is calling)", why);
    }
}
