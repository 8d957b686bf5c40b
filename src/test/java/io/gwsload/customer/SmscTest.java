package io.gwsload.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;
import io.gwsload.simulator.sms.SmsServerStandIn;

/**
 * The harness's SMSC with the embedded simulator's SMS Server stand-in bound to it over real SMPP (jsmpp on both
 * ends): customers' texts become SMS sessions, one per number; a bind with the wrong credentials is refused and says
 * why; a text with no SMS Server bound, or after it unbound, fails in one sentence; a text too long for one SMS too.
 */
class SmscTest {
    private GwsSimulator sim;
    private Smsc smsc;
    private final List<String> mobileTerminated = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        sim = GwsSimulator.start(SimulatorConfig.defaults().withPort(0).withAgents(1).withSupervisors(0));
        smsc = Smsc.start(new SmsSettings(0, "gwsload", "secret", "5000", "15550000000", Duration.ofSeconds(5),
                Duration.ofSeconds(5), true), (to, from, text, nanos, truth) -> mobileTerminated.add(to + ":" + text));
    }

    @AfterEach
    void stop() {
        smsc.close();
        sim.close();
    }

    private static String failure(java.util.concurrent.CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        return e.getCause().getMessage();
    }

    private long counter(String name) {
        return sim.stats().counter(name);
    }

    @Test
    void textsFromOneNumberAreOneSmsSessionAndEachIsAcknowledged() throws Exception {
        sim.bindSmsServer("127.0.0.1", smsc.port(), "gwsload", "secret");
        smsc.firstBind().get(5, TimeUnit.SECONDS);
        Smsc.Delivered first = smsc.deliver("15550000001", "Hello [gws-1]").get(5, TimeUnit.SECONDS);
        assertTrue(first.endNanos() - first.startNanos() >= 0, first::toString);
        smsc.deliver("15550000001", "Grüße, still me [gws-2]").get(5, TimeUnit.SECONDS); // UCS-2
        smsc.deliver("15550000002", "Another customer [gws-3]").get(5, TimeUnit.SECONDS);
        assertEquals(3, counter("smsReceived"));
        assertEquals(2, counter("smsSessionsOpened"), "session by address: the second text joins the first's");
        assertEquals(3L, smsc.books().get("delivered"));
        assertEquals(List.of(), mobileTerminated, "no agent wrote yet");
    }

    @Test
    void aBindWithTheWrongPasswordIsRefusedAndATextThenSaysWhyNoneIsBound() {
        IOException e = assertThrows(IOException.class, () -> sim.bindSmsServer("127.0.0.1", smsc.port(), "gwsload",
                "wrong"));
        assertTrue(e.getMessage().startsWith("The SMS Server stand-in could not bind to the SMSC at 127.0.0.1:"
                + smsc.port()), e.getMessage());
        assertEquals(1L, smsc.books().get("bindsRefused"));
        assertEquals("No SMS Server is bound to the SMSC on port " + smsc.port() + " (an ESME bound as 'gwsload' with "
                + "a wrong password).", failure(smsc.deliver("15550000001", "Hello")));
        assertEquals(1L, smsc.books().get("deliverFailures"));
    }

    @Test
    void aBindWithAnotherSystemIdIsRefused() {
        assertThrows(IOException.class, () -> sim.bindSmsServer("127.0.0.1", smsc.port(), "other", "secret"));
        assertEquals("an ESME bound with system_id 'other', not 'gwsload' (-Dgws.smsc.systemId)", smsc.lastRefusal());
    }

    @Test
    void afterSmsServerUnboundATextFailsInOneSentence() throws Exception {
        SmsServerStandIn standIn = sim.bindSmsServer("127.0.0.1", smsc.port(), "gwsload", "secret");
        smsc.firstBind().get(5, TimeUnit.SECONDS);
        smsc.deliver("15550000001", "Hello").get(5, TimeUnit.SECONDS);
        standIn.close(); // unbind: jsmpp answers it before the SMSC's session is marked unbound
        smsc.firstBindLost().get(5, TimeUnit.SECONDS);
        assertEquals(0, smsc.boundReceivers());
        assertEquals(1L, smsc.books().get("bindsLost"));
        assertEquals("No SMS Server is bound to the SMSC on port " + smsc.port() + ".",
                failure(smsc.deliver("15550000001", "Anyone there?")));
    }

    @Test
    void aTextTooLongForOneSmsFailsInOneSentence() throws Exception {
        sim.bindSmsServer("127.0.0.1", smsc.port(), "gwsload", "secret");
        smsc.firstBind().get(5, TimeUnit.SECONDS);
        assertEquals("An SMS holds at most 254 octets (127 characters outside ASCII); this text needs 300.",
                failure(smsc.deliver("15550000001", "x".repeat(300))));
    }
}
