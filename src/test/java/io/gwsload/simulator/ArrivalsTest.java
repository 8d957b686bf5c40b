package io.gwsload.simulator;

import io.gwsload.simulator.truth.SimulatorStats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gwsload.api.Media;

/** Open arrivals at a configured rate (its own simulator: the contacts it leaves queued stay here). */
class ArrivalsTest extends SimulatorTestBase {

    @Test
    void contactsArriveAtTheConfiguredRateAndAreRouted() {
        // one agent per media: chats arriving first must not fill the capacity an SMS would need
        TestAgent chatAgent = readyAgent(Media.CHAT);
        TestAgent smsAgent = readyAgent(Media.SMS);
        sim.updateKnobs(Map.of("chatArrivalsPerSec", 200, "smsArrivalsPerSec", 200));
        chatAgent.awaitOffer(Media.CHAT);
        smsAgent.awaitOffer(Media.SMS);
        sim.updateKnobs(Map.of("chatArrivalsPerSec", 0, "smsArrivalsPerSec", 0));
        SimulatorStats stats = sim.stats();
        assertTrue(stats.counter("contactsArrived") >= 2);
        assertTrue(stats.counter("contactsRouted") >= 2);
    }
}
