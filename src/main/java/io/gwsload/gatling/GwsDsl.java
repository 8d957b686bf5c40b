package io.gwsload.gatling;

import io.gwsload.gatling.runtime.AgentSession;

import io.gwsload.gatling.action.Expr;

import io.gwsload.gatling.action.NotificationChecks;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;

/**
 * The gws-load Java DSL: {@code import static io.gwsload.gatling.GwsDsl.*;}.
 *
 * <pre>{@code
 * GwsProtocolBuilder gwsProtocol = gws().operationTimeout(Duration.ofSeconds(10));   // no URL: embedded simulator
 * ScenarioBuilder agents = scenario("Agents")
 *     .exec(gws("Login").login(), gws("Ready").ready(CHAT))
 *     .repeat(5).on(
 *         exec(gws("Await offer").awaitOffer(CHAT),
 *              gws("Accept").chat().accept(),
 *              gws("Say hello").chat().sendMessage("Hello, how can I help?"),
 *              gws("Complete").chat().complete()))
 *     .exec(gws("Logout").logout());
 * setUp(agents.injectClosed(constantConcurrentUsers(10).during(60))).protocols(gwsProtocol);
 * }</pre>
 *
 * Every operation step records two requests: {@code <name> HTTP} (POST to HTTP answer) and {@code <name>}
 * (POST to the notification that shows the operation took effect, the headline figure): the one carrying its
 * referenceId where GWS gives one, else the one showing its documented effect; operations GWS documents no
 * notification for record only the HTTP row (docs/completion.md, docs/notifications.md).
 */
public final class GwsDsl {
    /** The session attribute login sets to the username it logged in as: {@code #{gwsUsername}}. */
    public static final String USERNAME = AgentSession.USERNAME;

    /** Chat media, for {@code ready(CHAT)}, {@code awaitOffer(CHAT)}... */
    public static final Media CHAT = Media.CHAT;
    /** SMS session media. */
    public static final Media SMS = Media.SMS;

    private GwsDsl() {
    }

    /** The protocol: where GWS is and how to talk to it. Starts from the {@code -Dgws.*} parameters. */
    public static GwsProtocolBuilder gws() {
        return GwsProtocolBuilder.fromSystemProperties();
    }

    /** A named step; the name is what the report shows. */
    public static GwsRequestBuilder gws(String name) {
        return new GwsRequestBuilder(name);
    }

    /**
     * A simulated customer's steps on the GMS Chat API v2, recorded under {@code name}: {@code requestChat()},
     * {@code awaitAgent()}, {@code send(text)}, {@code awaitMessage()}, {@code disconnect()} (see docs/customer-chat.md).
     */
    public static CustomerSteps customer(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a customer step needs a name");
        }
        return new CustomerSteps(name);
    }

    /**
     * A simulated mobile customer's SMS steps through the harness's SMSC, recorded under {@code name}:
     * {@code send(text)}, {@code awaitReply()}, {@code end()} (see docs/customer-chat.md, "SMS over SMPP").
     */
    public static SmsSteps sms(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an SMS step needs a name");
        }
        return new SmsSteps(name);
    }

    // ---- pairing virtual users ----

    /**
     * Puts this logged-in agent's username into a named pool, for another population to take. The pool
     * name may use Gatling EL, e.g. {@code "armed-#{watched}"} for a pool of one.
     */
    public static io.gatling.javaapi.core.ActionBuilder publishAgent(String pool) {
        Expr<String> poolName = Expr.string(Objects.requireNonNull(pool, "pool"));
        return new SimpleActionBuilder((ctx, next) -> new RendezvousActions.Publish(poolName, null, ctx, next));
    }

    /** Puts a username (Gatling EL allowed, e.g. {@code #{watched}}) into a named pool. */
    public static io.gatling.javaapi.core.ActionBuilder publishAgent(String pool, String username) {
        Expr<String> poolName = Expr.string(Objects.requireNonNull(pool, "pool"));
        Expr<String> name = Expr.string(Objects.requireNonNull(username, "username"));
        return new SimpleActionBuilder((ctx, next) -> new RendezvousActions.Publish(poolName, name, ctx, next));
    }

    /**
     * Takes a username from a named pool (EL allowed) into the session attribute {@code saveAs}, waiting
     * (without blocking a thread) up to the protocol's await timeout for one to be published; KO if none.
     */
    public static io.gatling.javaapi.core.ActionBuilder takeAgent(String pool, String saveAs) {
        Expr<String> poolName = Expr.string(Objects.requireNonNull(pool, "pool"));
        Objects.requireNonNull(saveAs, "saveAs");
        return new SimpleActionBuilder((ctx, next) -> new RendezvousActions.Take(poolName, saveAs, null, ctx, next));
    }

    // ---- matchers, for awaitNotification(...) and until(...) ----

    /** Any notification. */
    public static NotificationMatcher anyNotification() {
        return NotificationMatcher.any();
    }

    /** An offer: StatusChange to Invited, of this media. */
    public static NotificationMatcher offer(Media media) {
        return NotificationMatcher.offer(Objects.requireNonNull(media, "media"));
    }

    /** About the interaction with this id (EL allowed, e.g. {@code "#{chatId}"}). */
    public static NotificationMatcher inInteraction(String id) {
        return NotificationMatcher.withValue("in interaction ", id,
                (n, value) -> value.equals(n.interactionId()));
    }

    /** A state change to this state (Invited, Chatting, LeftChat, Completed, Revoked). */
    public static NotificationMatcher stateIs(String state) {
        return NotificationMatcher.withValue("a state change to ", state, (n, value) -> value.equals(n.state()));
    }

    /** A notification of this {@code notificationType} (StatusChange, ParticipantsUpdated, ...). */
    public static NotificationMatcher notificationTypeIs(String type) {
        return NotificationMatcher.withValue("a notification of type ", type,
                (n, value) -> value.equals(n.notificationType()));
    }

    /** A {@code MessageLogUpdated} carrying a transcript entry of this type (Text, ParticipantJoined...). */
    public static NotificationMatcher messageOfType(String type) {
        return NotificationMatcher.withValue("a MessageLogUpdated with a ", type,
                (n, value) -> n.isMessageLog() && n.hasMessageOfType(value));
    }

    /** Any {@code MessageLogUpdated}. */
    public static NotificationMatcher messageLog() {
        return NotificationMatcher.of("a MessageLogUpdated", Notification::isMessageLog);
    }

    /** A {@code ParticipantsUpdated} state change. */
    public static NotificationMatcher participantsUpdated() {
        return notificationTypeIs(MessageTypes.PARTICIPANTS_UPDATED);
    }

    /**
     * A notification in which Gatling's JSONPath selects something, e.g. a Text from an agent:
     * {@code having("$.messages[?(@.type == 'Text' && @.from.type == 'Agent')]")}.
     */
    public static NotificationMatcher having(String jsonPath) {
        return NotificationMatcher.passing("a notification with " + jsonPath,
                List.of(NotificationChecks.toScala(CoreDsl.jsonPath(jsonPath).exists())));
    }

    /**
     * A notification on which Gatling's checks pass: the same vocabulary as {@code check(...)}, e.g.
     * {@code matching(jmesPath("chat.participants | length(@)").ofInt().gte(3))}. What the checks save is
     * not kept: use {@code check(...)} on the step for that.
     */
    public static NotificationMatcher matching(CheckBuilder... checks) {
        List<CheckBuilder> all = List.of(checks);
        return NotificationMatcher.passing("a notification passing " + all.size() + " check(s)",
                NotificationChecks.toScala(all));
    }

    /** Your own predicate; {@code description} is what a timeout message says was missing. */
    public static NotificationMatcher matching(String description, Predicate<Notification> predicate) {
        return NotificationMatcher.of(description, predicate);
    }

    // ---- gws-load's own checks: Gatling checks (jmesPath / jsonPath) on the notification's data ----

    /** The state of the chat or SMS session ({@code Invited}, {@code Chatting}...): {@code state().is("Chatting")}. */
    public static CheckBuilder.Find<String> state() {
        return CoreDsl.jmesPath("chat.state || smssession.state || smsession.state").ofString();
    }

    /** {@code StatusChange}, {@code ParticipantsUpdated}, {@code NewMessages}, {@code Error}... */
    public static CheckBuilder.Find<String> notificationType() {
        return CoreDsl.jmesPath("notificationType").ofString();
    }

    /** {@code ChatStateChangeMessage}, {@code MessageLogUpdated}... */
    public static CheckBuilder.Find<String> messageType() {
        return CoreDsl.jmesPath("messageType").ofString();
    }

    /** The id of the chat or SMS session the notification is about (from its object, or its uri/path). */
    public static CheckBuilder.Validate<String> interactionId() {
        return CoreDsl.jmesPath("chat.id || smssession.id || smsession.id || chatUri || smssessionUri"
                + " || smsessionUri || chatPath || smssessionPath || smsessionPath").ofString()
                .transform(GwsDsl::lastSegment);
    }

    /** The interaction's participants; {@code participants().count().gte(2)}. */
    public static CheckBuilder.JsonOfTypeMultipleFind participants() {
        return CoreDsl.jsonPath("$.*.participants[*]");
    }

    /** The transcript entries of a {@code MessageLogUpdated}; {@code messages().count().is(1)}. */
    public static CheckBuilder.JsonOfTypeMultipleFind messages() {
        return CoreDsl.jsonPath("$.messages[*]");
    }

    /** The media of a state change: {@code chat} or {@code sms}. */
    static CheckBuilder.Validate<String> media() {
        return CoreDsl.jmesPath("messageType").ofString()
                .transform(t -> Media.fromStateMessageType(t).map(Media::shortName).orElse(null));
    }

    private static String lastSegment(String idOrLocation) {
        return idOrLocation.substring(idOrLocation.lastIndexOf('/') + 1);
    }
}
