package io.gwsload.gatling;

import io.gwsload.simulator.Knobs;

import io.gwsload.gatling.runtime.GwsProtocol;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gwsload.gatling.GwsDsl.CHAT;
import static io.gwsload.gatling.GwsDsl.SMS;
import static io.gwsload.gatling.GwsDsl.anyNotification;
import static io.gwsload.gatling.GwsDsl.gws;
import static io.gwsload.gatling.GwsDsl.having;
import static io.gwsload.gatling.GwsDsl.inInteraction;
import static io.gwsload.gatling.GwsDsl.interactionId;
import static io.gwsload.gatling.GwsDsl.matching;
import static io.gwsload.gatling.GwsDsl.messageLog;
import static io.gwsload.gatling.GwsDsl.messageOfType;
import static io.gwsload.gatling.GwsDsl.messageType;
import static io.gwsload.gatling.GwsDsl.messages;
import static io.gwsload.gatling.GwsDsl.notificationType;
import static io.gwsload.gatling.GwsDsl.notificationTypeIs;
import static io.gwsload.gatling.GwsDsl.offer;
import static io.gwsload.gatling.GwsDsl.participants;
import static io.gwsload.gatling.GwsDsl.participantsUpdated;
import static io.gwsload.gatling.GwsDsl.publishAgent;
import static io.gwsload.gatling.GwsDsl.state;
import static io.gwsload.gatling.GwsDsl.stateIs;
import static io.gwsload.gatling.GwsDsl.takeAgent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gatling.javaapi.core.ChainBuilder;
import io.gwsload.api.OperationName;
import io.gwsload.client.Transport;
import io.gwsload.collector.CollectorSettings;
import io.gwsload.collector.Completion;
import io.gwsload.simulator.SimulatorConfig;

/**
 * Compile-only, as Gatling's own {@code JmsJavaCompileTest}: every public method of the DSL, called the way
 * a simulation calls it. Never run; a method renamed, removed or retyped breaks the build here first.
 */
@SuppressWarnings("unused")
final class DslCompileOnly {
    private DslCompileOnly() {
    }

    static void everyMethod() {
        GwsProtocolBuilder protocol = gws().baseUrl("https://gws.example.com:8443").credentials("agents.csv")
                .transport(Transport.WEBSOCKET).subscriptions("/v2/me/*").channels(CHAT, SMS)
                .operationTimeout(Duration.ofSeconds(10)).awaitTimeout(Duration.ofSeconds(30))
                .trustStore("trust.p12", "secret", "PKCS12").simulator(SimulatorConfig.defaults())
                .simulatorUsers(10, 2).collector(CollectorSettings.defaults()).resultsDirectory("results")
                .progressInterval(Duration.ofSeconds(5))
                .capacity(CapacityPlan.steps(1, 1, 3, Duration.ofSeconds(10)).rampsLasting(Duration.ofSeconds(1))
                        .afterWarmup(Duration.ofSeconds(2)).judgedOn("Accept", Duration.ofMillis(500), 1.0));
        GwsProtocol built = protocol.protocol();
        var injection = CapacityPlan.steps(1, 1, 3, Duration.ofSeconds(10)).injection();
        var planned = CapacityPlan.steps(1, 1, 3, Duration.ofSeconds(10)).duration();

        NotificationMatcher matchers = anyNotification().and(offer(CHAT)).and(inInteraction("#{chatId}"))
                .and(stateIs("Chatting")).and(notificationTypeIs("StatusChange")).and(messageOfType("Text"))
                .and(messageLog()).and(participantsUpdated()).and(having("$.messages[*]"))
                .and(matching(jsonPath("$.chat.id").exists())).and(matching("anything", n -> true));

        ChainBuilder chain = exec(
                gws("Login").login().supervisor().as("#{user}").credentials("agent1", "pw").channels(CHAT),
                gws("Logout").logout(),
                gws("Ready").ready(CHAT), gws("NotReady").notReady(SMS),
                gws("Offer").awaitOffer(CHAT).timeout(Duration.ofSeconds(1)).saveAs("c").optional()
                        .check(state().is("Invited"), interactionId().saveAs("id"), messageType().is("x"),
                                notificationType().is("StatusChange"), participants().count().gte(1),
                                messages().count().is(0), jmesPath("chat.id").exists())
                        .checkIf("#{strict}", jsonPath("$.x").exists())
                        .checkIf(session -> true, jsonPath("$.x").exists())
                        .checkIf((notification, session) -> true, jsonPath("$.x").exists()),
                gws("Any offer").awaitOffer(),
                gws("Monitored").awaitMonitored(SMS).timeout(Duration.ofSeconds(1)).saveAs("s").optional(),
                gws("Wait").awaitNotification(matchers),
                gws("Accept").offered().accept(), gws("X").interaction("chat", "#{id}").reject(),
                gws("Wait all").waitForNotifications(),
                gws("Knobs").setSimulatorKnobs(Map.of("errorRate", 0.0)),
                gws("New").injectContact(CHAT), gws("New for").injectContact(SMS, "agent0001"),
                publishAgent("pool"), publishAgent("pool", "agent0001"), takeAgent("pool", "peer"));
        ChainBuilder handled = gws("Maybe").awaitOffer(CHAT).then(exec(gws("Accept").chat().accept()));
        ChainBuilder monitored = gws("Maybe monitored").awaitMonitored(SMS).then(exec(gws("B").sms().switchToBargeIn()));

        InteractionSteps chat = gws("c").chat();
        InteractionSteps byId = gws("c").chat("#{chatId}");
        InteractionSteps sms = gws("s").sms();
        InteractionSteps smsById = gws("s").sms("#{smsId}");
        List<OperationActionBuilder> operations = List.of(chat.operation(OperationName.SetInFocus), chat.accept(),
                chat.reject(), chat.sendMessage("hi"), chat.sendUrl("https://example.com"), chat.sendCustomNotice("n"),
                chat.sendCustomNoticeToAgents("n"), chat.startTyping(), chat.stopTyping(), chat.sendToAgents("t"),
                chat.startTypingToAgents(), chat.stopTypingToAgents(), chat.invite("#{peer}"), chat.consult("#{peer}"),
                chat.cancelConsult(), chat.transfer("#{peer}"), chat.transferToQueue("Q"), chat.leave(), chat.complete(),
                chat.setDisposition("Sale"), chat.attachUserData(Map.of("k", "v")), chat.updateUserData(Map.of("k", "v")),
                chat.deleteUserData("k"), chat.setInFocus(), chat.addComment("c"), sms.switchToMonitor(),
                sms.switchToCoach(), sms.switchToBargeIn());
        SupervisorSteps supervise = gws("sup").supervise("#{agent}");
        List<OperationActionBuilder> supervisor = List.of(supervise.monitor(SMS), supervise.coach(CHAT),
                supervise.bargeIn(CHAT), supervise.cancelMonitoring(SMS), supervise.intrude(CHAT, "#{chatId}", "Monitor"));
        OperationActionBuilder options = chat.complete().param("queueName", "Q").timeout(Duration.ofSeconds(3))
                .until(stateIs("Completed")).check(state().is("Completed"))
                .checkIf("#{strict}", state().exists()).checkIf(session -> true, state().exists())
                .checkIf((notification, session) -> true, state().exists()).completion(Completion.EFFECT);
        OperationActionBuilder nonBlocking = chat.sendMessage("x").expect();
        OperationActionBuilder http = chat.leave().httpOnly();
        OperationActionBuilder awaiting = supervise.monitor(CHAT).awaitNotification();

        int agents = Params.integer("agents", 10, 1, 100);
        double rate = Params.decimal("rate", 1.0, 0.1, 10);
        Duration duration = Params.duration("duration", "60s");
        boolean flag = Params.bool("flag", false);
        String mode = Params.choice("mode", "a", "a", "b");
        var open = rampUsersPerSec(1).to(rate).during(duration);
    }
}
