package io.gwsload.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationName;

/**
 * One simulator per test class and fresh users per test: every test takes its own agents (so
 * contacts offered to "its" agents never reach another test's), and knobs are reset after each.
 */
abstract class SimulatorTestBase {
    static GwsSimulator sim;
    static Clients clients;
    private static final AtomicInteger nextAgent = new AtomicInteger();
    private static final AtomicInteger nextSupervisor = new AtomicInteger();
    private final List<TestAgent> agents = new ArrayList<>();

    @BeforeAll
    static void startSimulator() {
        sim = GwsSimulator.start(SimulatorConfig.defaults().withAgents(200).withSupervisors(20));
        clients = new Clients();
    }

    @AfterAll
    static void stopSimulator() {
        if (clients != null) {
            clients.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @AfterEach
    void resetKnobsAndAgents() {
        for (TestAgent a : agents) {
            a.close();
        }
        agents.clear();
        sim.updateKnobs(Knobs.defaults().toMap());
    }

    /** The username of an agent no other test used. */
    static String freshAgentName() {
        return String.format("agent%04d", nextAgent.incrementAndGet());
    }

    static String freshSupervisorName() {
        return String.format("supervisor%03d", nextSupervisor.incrementAndGet());
    }

    /** A fresh agent, logged in, connected, session started, Ready on the given media. */
    TestAgent readyAgent(Media... media) {
        return track(TestAgent.ready(sim, clients, freshAgentName(), media));
    }

    /** A fresh supervisor, connected, session started (not Ready: it gets no routed contacts). */
    TestAgent supervisor() {
        TestAgent s = TestAgent.connected(sim, clients, freshSupervisorName());
        s.startSession();
        return track(s);
    }

    TestAgent track(TestAgent agent) {
        agents.add(agent);
        return agent;
    }

    /** Injects one contact for this agent and waits for its offer; returns the interaction id. */
    static String offerTo(TestAgent agent, Media media) {
        String id = sim.injectContacts(media, 1, ContactOptions.defaults().withAgent(agent.user.username())).get(0);
        Notification offer = agent.awaitOffer(media);
        org.junit.jupiter.api.Assertions.assertEquals(id, offer.interactionId());
        return id;
    }

    /** Offered and accepted; the accept sequence is consumed. Returns the interaction id. */
    static String chatting(TestAgent agent, Media media) {
        String id = offerTo(agent, media);
        long ref = agent.operate(media, id, OperationName.Accept);
        agent.awaitRef(ref, "StatusChange");
        agent.awaitRef(ref, "ParticipantsUpdated");
        agent.awaitRef(ref, "NewMessages");
        return id;
    }
}
