package io.gwsload.simulator;

import io.gwsload.simulator.model.ContactOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.gwsload.api.Media;
import io.gwsload.api.Notification;
import io.gwsload.api.OperationName;

/**
 * A fresh simulator for every test (started in well under a second) and client infrastructure
 * shared by the tests of a class; users are handed out fresh within a test.
 */
abstract class SimulatorTestBase {
    static GwsSimulator sim;
    static Clients clients;
    private static final AtomicInteger nextAgent = new AtomicInteger();
    private static final AtomicInteger nextSupervisor = new AtomicInteger();
    private final List<TestAgent> agents = new ArrayList<>();

    @BeforeAll
    static void startClients() {
        clients = new Clients();
    }

    @AfterAll
    static void stopClients() {
        if (clients != null) {
            clients.close();
        }
    }

    /** A fresh simulator per test: contacts a test leaves behind never reach another test's agents. */
    @BeforeEach
    void startSimulator() {
        nextAgent.set(0);
        nextSupervisor.set(0);
        sim = GwsSimulator.start(config());
    }

    /**
     * The simulator each test starts. These tests were written against the old behaviour, whose
     * knobs are no longer the defaults: a referenceId on every answer and on every notification to
     * the caller, and monitoring supervisors offered the chat.
     */
    SimulatorConfig config() {
        return SimulatorConfig.defaults().withAgents(50).withSupervisors(5).withKnob("referenceIds", "everywhere")
                .withKnob("monitoredDelivery", "offered");
    }

    @AfterEach
    void stopSimulator() {
        for (TestAgent a : agents) {
            a.disconnectCometd();
        }
        agents.clear();
        sim.close();
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
        if (ref != Notification.NO_REFERENCE) {
            agent.awaitRef(ref, "StatusChange");
            agent.awaitRef(ref, "ParticipantsUpdated");
            agent.awaitRef(ref, "NewMessages");
        } else { // referenceIds=documented / none: the answer has no id to wait by
            agent.awaitOn(id, "StatusChange");
            agent.awaitOn(id, "ParticipantsUpdated");
            agent.awaitOn(id, "NewMessages");
        }
        return id;
    }
}
