package io.gwsload.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gwsload.api.Media;

/** Open arrivals at a configured rate (its own simulator: the contacts it leaves queued stay here). */
class ArrivalsTest extends SimulatorTestBase {

    @Test
    void contactsArriveAtTheConfiguredRateAndAreRouted() {
        TestAgent agent = readyAgent(Media.CHAT, Media.SMS);
        sim.updateKnobs(Map.of("chatArrivalsPerSec", 200, "smsArrivalsPerSec", 200));
        agent.awaitOffer(Media.CHAT);
        agent.awaitOffer(Media.SMS);
        sim.updateKnobs(Map.of("chatArrivalsPerSec", 0, "smsArrivalsPerSec", 0));
        SimulatorStats stats = sim.stats();
        assertTrue(stats.counter("contactsArrived") >= 2);
        assertTrue(stats.counter("contactsRouted") >= 2);
    }
}
