package io.gwsload.gatling;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gwsload.gatling.GwsDsl.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * For {@link CustomerJourneyTest}, over each customer transport: one agent, three customers who request their chats
 * at once and hand their chat tokens over in the reverse order (the last answered first), then ask a question. The agent takes a token, waits for that customer's
 * offer ({@code ofCustomerChat}) among the three offered to it, and greets the customer with the token it took and
 * the token the offer carried; each customer waits for a greeting with its own token twice. Taking the first offer
 * instead greets a customer with another's token. The agent then completes the chat, and each customer waits
 * until it reads that the agent left (close propagation, agent to customer). Gatling checks on the transcript entries
 * the customers' waits found save the greeting (and check who wrote it, and the leave's type).
 */
public class CustomerPairingSimulation extends Simulation {
    private static final int CUSTOMERS = 3;
    private static final AtomicInteger answered = new AtomicInteger();

    private final ScenarioBuilder customers = scenario("Customers")
            .exec(customer("Request chat").requestChat())
            .exitHereIfFailed()
            .exec(session -> session.set("rank", answered.getAndIncrement()))
            .pause(session -> Duration.ofMillis(300L * (CUSTOMERS - 1 - session.getInt("rank"))))
            .exec(publishAgent("tokens", "#{gwsChatToken}"),
                    customer("Time to answer").awaitAgent(),
                    customer("Question").send("Is it you?"),
                    customer("Greeting").awaitMessage("Hello #{gwsChatToken}, offer #{gwsChatToken}")
                            .check(jsonPath("$.from.type").is("Agent"), jsonPath("$.text").saveAs("greeting")),
                    customer("Agent left").awaitEnd().check(jsonPath("$.type").is("ParticipantLeft")))
            // The greeting the check saved: a wrong (or no) value fails a request, and the run's assertion with it.
            .doIf(session -> !String.valueOf(session.getString("greeting")).startsWith("Hello "
                    + session.getString("gwsChatToken"))).then(exec(customer("Greeting saved by the check")
                            .awaitMessage("never sent").timeout(Duration.ofMillis(1))));

    private final ScenarioBuilder agent = scenario("Agent")
            .exec(gws("Login").login().channels(CHAT))
            .exitHereIfFailed()
            .exec(gws("Ready").ready(CHAT))
            .repeat(CUSTOMERS).on(exec(takeAgent("tokens", "token"),
                    gws("Await the customer's offer").awaitOffer(CHAT).ofCustomerChat("#{token}"),
                    gws("Accept").chat().accept(),
                    gws("Await question").awaitNotification(matching("the customer's question", n -> n.messages()
                            .stream().anyMatch(m -> m.text() != null && m.text().startsWith("Is it you?")))
                            .and(inInteraction("#{chatId}"))),
                    gws("Greet").chat().sendMessage("Hello #{token}, offer #{gwsChatToken}"),
                    gws("Complete").chat().complete()))
            .exec(gws("Logout").logout());

    {
        answered.set(0);
        setUp(agent.injectOpen(atOnceUsers(1)),
                customers.injectOpen(nothingFor(Duration.ofSeconds(1)), atOnceUsers(CUSTOMERS)))
                .protocols(gws().simulatorUsers(1, 0).channels(CHAT))
                .maxDuration(Duration.ofSeconds(60))
                .assertions(global().failedRequests().count().is(0L));
    }
}
