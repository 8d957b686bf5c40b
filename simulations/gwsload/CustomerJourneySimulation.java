package gwsload;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gwsload.gatling.Params;

/**
 * Both sides of a web chat in one run, on one clock: customers (an open population) come in through the GMS Chat
 * API v2, polling their transcripts; agents (a closed population) take their chats through GWS. Each customer
 * requests a chat, waits until an agent joins, writes, reads the agent's answer and leaves; each agent accepts,
 * answers, waits until the customer has left or said it is done, and completes. The report shows what the customer lives through:
 * {@code Request chat}, {@code Time to answer} (request → the poll that shows the agent), {@code Customer to agent}
 * (send → the agent's notification holding it), {@code Agent to customer} (the agent's SendMessage → the poll that
 * shows it), and the close both ways: half the customers leave ({@code Leave}: the disconnect → the agent's
 * notification that the customer left; {@code Leave HTTP} is the call), the other half say they are done and wait
 * for the agent to end the chat ({@code Agent ended}: the agent's Complete → the poll that shows the agent left);
 * beside the agents' Accept and SendMessage.
 *
 * <p>Mobile customers text in beside them, through the harness's SMSC and the simulator's SMS Server stand-in
 * (SMPP), and SMS agents answer: {@code First SMS} (the customer's first text → the agent's notification holding it:
 * routing and the agent's Accept included), {@code Agent to mobile} (the agent's SendMessage → the {@code submit_sm}
 * at the customer's number), {@code Mobile to agent} (a later text → the agent's notification holding it); the
 * {@code ... SMPP} rows are the {@code deliver_sm} calls.
 *
 * <p>Parameters: {@code -Dagents=4}, {@code -Dcustomers=8}, {@code -DsmsAgents=2}, {@code -DsmsCustomers=4}
 * ({@code 0}: no SMS, no SMSC), {@code -Dduration=3s} (customers arrive evenly over it);
 * {@code -Dgws.gms.pollInterval} (1 s): polled times are late by at most that much.
 */
public class CustomerJourneySimulation extends Simulation {
    private final int agents = Params.integer("agents", 4, 1, 10_000);
    private final int customers = Params.integer("customers", 8, 1, 1_000_000);
    private final int smsAgents = Params.integer("smsAgents", 2, 1, 10_000);
    private final int smsCustomers = Params.integer("smsCustomers", 4, 0, 1_000_000);
    private final Duration duration = Params.ramp(Params.duration("duration", "3s"));

    /** What a customer who lets the agent end the chat writes last. */
    private static final String THAT_IS_ALL = "That is all, thanks";
    /** Customers still to finish: the agents stay until every one of them is done. */
    private static final AtomicInteger journeysLeft = new AtomicInteger();
    /** Customers answered so far: odd ones leave, even ones let the agent end the chat. */
    private static final AtomicInteger arrivals = new AtomicInteger();

    private final ScenarioBuilder customerScenario = scenario("Customers")
            .exec(customer("Request chat").requestChat().text("Hello"))
            .doIf(session -> !session.isFailed()).then(exec(
                    customer("Time to answer").awaitAgent(),
                    customer("Typing").typing(),
                    customer("Customer to agent").send("I need help with order 42"),
                    customer("Agent to customer").awaitMessage("how can I help").check(jsonPath("$.from.type").is("Agent")))
                    // Every other customer leaves; the rest say so and let the agent end the chat.
                    .doIfOrElse(session -> arrivals.incrementAndGet() % 2 == 1).then(exec(customer("Leave").disconnect()))
                    .orElse(exec(customer("Last words").send(THAT_IS_ALL), customer("Agent ended").awaitEnd())))
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
                            gws("Customer done").awaitNotification(matching("the customer left or is done", n -> n
                                    .messages().stream().anyMatch(m -> m.from() != null && "Customer".equals(m.from()
                                            .type()) && ("ParticipantLeft".equals(m.type()) || "Text".equals(m.type())
                                                    && m.text() != null && m.text().contains(THAT_IS_ALL))))
                                    .and(inInteraction("#{chatId}"))),
                            gws("Complete").chat().complete())))
            .exec(gws("Logout").logout());

    /** Mobile customers still to finish: the SMS agents stay until every one of them is done. */
    private static final AtomicInteger smsJourneysLeft = new AtomicInteger();

    private ScenarioBuilder mobileScenario() {
        return scenario("Mobile customers")
                .exec(sms("First SMS").send("Hello, I need help"))
                .doIf(session -> !session.isFailed()).then(exec(
                        sms("Agent to mobile").awaitReply("how can I help").check(jsonPath("$.to").isEL("#{gwsSmsNumber}")),
                        sms("Mobile to agent").send("My order 42 is late"),
                        sms("Agent answer").awaitReply("on its way")))
                .exec(sms("Done").end())
                .exec(session -> {
                    smsJourneysLeft.decrementAndGet();
                    return session;
                });
    }

    private final ScenarioBuilder smsAgentScenario = scenario("SMS agents")
            .exec(gws("Login").login().channels(SMS))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(SMS))
            .asLongAsDuring(session -> smsJourneysLeft.get() > 0, duration.plusSeconds(60), false).on(
                    gws("Await SMS offer").awaitOffer(SMS).timeout(Duration.ofMillis(500)).then(exec(
                            gws("Accept SMS").sms().accept(),
                            gws("Answer SMS").sms().sendMessage("Hello, how can I help?"),
                            gws("Customer's order").awaitNotification(matching("the customer's order", n -> n
                                    .messages().stream().anyMatch(m -> "Text".equals(m.type()) && m.text() != null
                                            && m.text().contains("order 42"))).and(inInteraction("#{smsId}"))),
                            gws("Reply SMS").sms().sendMessage("Your order is on its way."),
                            gws("Complete SMS").sms().complete())))
            .exec(gws("Logout").logout());

    {
        journeysLeft.set(customers);
        arrivals.set(0);
        smsJourneysLeft.set(smsCustomers);
        java.util.List<io.gatling.javaapi.core.PopulationBuilder> populations = new java.util.ArrayList<>(List.of(
                agentScenario.injectOpen(atOnceUsers(agents)),
                // The agents log in first (a fraction of a second on the simulator).
                customerScenario.injectOpen(nothingFor(Duration.ofSeconds(1)), rampUsers(customers).during(duration))));
        if (smsCustomers > 0) {
            populations.add(smsAgentScenario.injectOpen(atOnceUsers(smsAgents)));
            populations.add(mobileScenario().injectOpen(nothingFor(Duration.ofSeconds(1)),
                    rampUsers(smsCustomers).during(duration)));
        }
        setUp(populations)
                .protocols(gws().simulatorUsers(agents + (smsCustomers > 0 ? smsAgents : 0), 0).channels(CHAT, SMS))
                .maxDuration(duration.plusSeconds(120))
                .assertions(global().failedRequests().count().is(0L));
    }
}
