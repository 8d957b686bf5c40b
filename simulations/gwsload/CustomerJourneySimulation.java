package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.Params;

/**
 * Both sides of a web chat in one run, on one clock: customers (an open population) come in through the GMS Chat
 * API v2, polling their transcripts; agents (a closed population) take their chats through GWS. Each customer
 * requests a chat, waits until an agent joins, writes, reads the agent's answer and leaves; each agent accepts,
 * answers, waits until the customer has left and completes. The report shows what the customer lives through:
 * {@code Request chat}, {@code Time to answer} (request → the poll that shows the agent), {@code Customer to agent}
 * (send → the agent's notification holding it), {@code Agent to customer} (the agent's SendMessage → the poll that
 * shows it), {@code Leave} (the disconnect → the agent's notification that the customer left; {@code Leave HTTP}
 * is the call), beside the agents' Accept and SendMessage.
 *
 * <p>Parameters: {@code -Dagents=4}, {@code -Dcustomers=8}, {@code -Dduration=3s} (customers arrive evenly over
 * it); {@code -Dgws.gms.pollInterval} (1 s): polled times are late by at most that much.
 */
public class CustomerJourneySimulation extends Simulation {
    private final int agents = Params.integer("agents", 4, 1, 10_000);
    private final int customers = Params.integer("customers", 8, 1, 1_000_000);
    private final Duration duration = Params.ramp(Params.duration("duration", "3s"));

    /** Customers still to finish: the agents stay until every one of them is done. */
    private static final AtomicInteger journeysLeft = new AtomicInteger();

    private final ScenarioBuilder customerScenario = scenario("Customers")
            .exec(customer("Request chat").requestChat().text("Hello"))
            .doIf(session -> !session.isFailed()).then(exec(
                    customer("Time to answer").awaitAgent(),
                    customer("Typing").typing(),
                    customer("Customer to agent").send("I need help with order 42"),
                    customer("Agent to customer").awaitMessage("how can I help"),
                    customer("Leave").disconnect()))
            .exec(session -> {
                journeysLeft.decrementAndGet();
                return session;
            });

    private final ScenarioBuilder agentScenario = scenario("Agents")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .asLongAsDuring(session -> journeysLeft.get() > 0, duration.plusSeconds(60), false).on(
                    gws("Await chat offer").awaitOffer(CHAT).timeout(Duration.ofMillis(500)).then(exec(
                            gws("Accept").chat().accept(),
                            gws("Answer").chat().sendMessage("Hello, how can I help?"),
                            gws("Customer left").awaitNotification(matching("the customer left", n -> n.messages()
                                    .stream().anyMatch(m -> "ParticipantLeft".equals(m.type()) && m.from() != null
                                            && "Customer".equals(m.from().type()))).and(inInteraction("#{chatId}"))),
                            gws("Complete").chat().complete())))
            .exec(gws("Logout").logout());

    {
        journeysLeft.set(customers);
        setUp(agentScenario.injectOpen(atOnceUsers(agents)),
                // The agents log in first (a fraction of a second on the simulator).
                customerScenario.injectOpen(nothingFor(Duration.ofSeconds(1)), rampUsers(customers).during(duration)))
                .protocols(gws().simulatorUsers(agents, 0).channels(CHAT))
                .maxDuration(duration.plusSeconds(120))
                .assertions(global().failedRequests().count().is(0L));
    }
}
