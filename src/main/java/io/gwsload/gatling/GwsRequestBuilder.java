package io.gwsload.gatling;

import io.gwsload.gatling.runtime.SimulationName;

import io.gwsload.gatling.action.Expr;

import io.gwsload.gatling.action.WaitForNotificationsAction;

import io.gwsload.gatling.action.SimulatorControlAction;

import io.gwsload.gatling.action.LogoutAction;

import java.util.Objects;

import io.gatling.javaapi.core.ActionBuilder;
import io.gwsload.api.Media;
import io.gwsload.api.OperationName;

/**
 * A named gws-load step, from {@code gws("name")}: the name is what the report shows. Pick what the
 * step does with one of the methods below.
 */
public final class GwsRequestBuilder {
    /** Where {@link #awaitOffer} saves a chat id by default, and where {@link #chat()} reads it. */
    public static final String CHAT_ID = "chatId";
    /** Where {@link #awaitOffer} saves an SMS session id by default, and where {@link #sms()} reads it. */
    public static final String SMS_ID = "smsId";

    private final String name;

    GwsRequestBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a gws-load step needs a name");
        }
        SimulationName.capture();
    }

    /** Logs in an agent from the run's pool: GET /me, CometD, StartContactCenterSession. */
    public LoginActionBuilder login() {
        return new LoginActionBuilder(name);
    }

    /** EndContactCenterSession, CometD disconnect, credentials back to the pool. */
    public ActionBuilder logout() {
        return new SimpleActionBuilder((ctx, next) -> new LogoutAction(name, ctx, next));
    }

    /**
     * StartContactCenterSession on these channels ({@code POST /api/v2/me}), the last step of {@link #login()}:
     * for a scenario that finds GWS has forgotten its agent (a restarted GWS answers Ready with statusCode 2,
     * the channel LoggedOut) and starts its session again; completes on the channel state it causes.
     */
    public OperationActionBuilder startSession(Media... media) {
        if (media.length == 0) {
            throw new IllegalArgumentException(name + ": startSession needs at least one media, e.g. startSession(CHAT)");
        }
        java.util.List<String> channels = java.util.Arrays.stream(media).map(Media::channelName).distinct().toList();
        return new OperationActionBuilder(name, OperationName.StartContactCenterSession, (Media) null, null, null)
                .param("channels", channels);
    }

    /** Ready on one media channel ({@code POST /api/v2/me/channels/{channel}}). */
    public OperationActionBuilder ready(Media media) {
        return new OperationActionBuilder(name, OperationName.Ready, media, null, null);
    }

    /** NotReady on one media channel. */
    public OperationActionBuilder notReady(Media media) {
        return new OperationActionBuilder(name, OperationName.NotReady, media, null, null);
    }

    /**
     * Waits for a routed (or conference, or monitoring) offer of this media: a {@code StatusChange} to
     * {@code Invited}. Saves the interaction id as {@value #CHAT_ID} or {@value #SMS_ID}.
     */
    public AwaitActionBuilder awaitOffer(Media media) {
        return new AwaitActionBuilder(name, NotificationMatcher.offer(media), media == Media.SMS ? SMS_ID : CHAT_ID)
                .savingChatToken();
    }

    /**
     * Waits for an offer of this media of one kind: {@link OfferKind#ROUTED} (a customer's contact, nobody
     * else in it) or {@link OfferKind#JOIN} (an invitation to a conference, a consultation or an Intrude:
     * an agent is already in it). An agent that only answers invitations then never takes a routed chat.
     * Saves the interaction id as {@value #CHAT_ID} or {@value #SMS_ID}.
     */
    public AwaitActionBuilder awaitOffer(Media media, OfferKind kind) {
        return new AwaitActionBuilder(name, NotificationMatcher.offer(media, java.util.Objects.requireNonNull(kind,
                "kind")), media == Media.SMS ? SMS_ID : CHAT_ID).savingChatToken();
    }

    /**
     * A supervisor's next monitored session of this media, whichever way it comes: added in state
     * Chatting (as GWS documents Monitor, Coach and BargeIn) or offered as Invited (then accepted by this
     * step, timed as {@code <name> Accept}). Saves the id as {@value #CHAT_ID} or {@value #SMS_ID}.
     */
    public AwaitMonitoredActionBuilder awaitMonitored(Media media) {
        return new AwaitMonitoredActionBuilder(name, media, null, media == Media.SMS ? SMS_ID : CHAT_ID, false);
    }

    /** Where {@link #awaitOffer()} saves the offered interaction's id, and {@link #offered()} reads it. */
    public static final String OFFER_ID = "offerId";
    /** Where {@link #awaitOffer()} saves the offered interaction's media ({@code chat} or {@code sms}). */
    public static final String OFFER_MEDIA = "offerMedia";

    /**
     * Waits for an offer of any media; saves the id as {@value #OFFER_ID} and the media as
     * {@value #OFFER_MEDIA}, for {@link #offered()}.
     */
    public AwaitActionBuilder awaitOffer() {
        return new AwaitActionBuilder(name, NotificationMatcher.offer(null), OFFER_ID)
                .check(GwsDsl.media().saveAs(OFFER_MEDIA)).alsoSaving(OFFER_MEDIA).savingChatToken();
    }

    /** Operations on the interaction {@link #awaitOffer()} saved, whatever its media. */
    public InteractionSteps offered() {
        return new InteractionSteps(name, "#{" + OFFER_MEDIA + "}", "#{" + OFFER_ID + "}");
    }

    /** Operations on an interaction whose media ({@code chat}/{@code sms}) and id may both be Gatling EL. */
    public InteractionSteps interaction(String media, String id) {
        return new InteractionSteps(name, media, id);
    }

    /** Waits for a notification no operation claims, matching {@code matcher}. */
    public AwaitActionBuilder awaitNotification(NotificationMatcher matcher) {
        return new AwaitActionBuilder(name, Objects.requireNonNull(matcher, "matcher"), null);
    }

    /** Operations on the chat whose id is in {@code #{chatId}}. */
    public InteractionSteps chat() {
        return chat("#{" + CHAT_ID + "}");
    }

    /** Operations on the chat with this id (EL allowed). */
    public InteractionSteps chat(String id) {
        return new InteractionSteps(name, Media.CHAT, id);
    }

    /** Operations on the SMS session whose id is in {@code #{smsId}}. */
    public InteractionSteps sms() {
        return sms("#{" + SMS_ID + "}");
    }

    /** Operations on the SMS session with this id (EL allowed). */
    public InteractionSteps sms(String id) {
        return new InteractionSteps(name, Media.SMS, id);
    }

    /** Supervisor operations on an agent (username logged in through this run, user id or URI). */
    public SupervisorSteps supervise(String agent) {
        return new SupervisorSteps(name, agent);
    }

    /** Waits until every operation this user started with {@code expect()} has ended. */
    public ActionBuilder waitForNotifications() {
        return new SimpleActionBuilder((ctx, next) -> new WaitForNotificationsAction(name, ctx, next));
    }

    /**
     * Simulator only: changes its knobs while the run goes on ({@code POST /sim/config}), e.g. to turn
     * faults on for a phase: {@code setSimulatorKnobs(Map.of("dropRate", 0.1))}.
     */
    public ActionBuilder setSimulatorKnobs(java.util.Map<String, ?> knobs) {
        String body = io.gwsload.api.Json.write(java.util.Map.copyOf(knobs));
        return new SimpleActionBuilder((ctx, next) -> new SimulatorControlAction(name, "/sim/config", body, ctx, next));
    }

    /**
     * Simulator only: every agent's HTTP session ends as an idle expiry would ({@code POST /sim/expire}): each
     * agent's next POST is refused, ends as "session expired", and the agent logs in again
     * ({@code gws.reloginOnExpiry}); the books count {@code httpSessionsRenewed}.
     */
    public ActionBuilder expireSessions() {
        return new SimpleActionBuilder((ctx, next) -> new SimulatorControlAction(name, "/sim/expire",
                "{\"all\":true}", ctx, next));
    }

    /**
     * Simulator only: every CometD session is forced off at once ({@code POST /sim/disconnect}), as when GWS
     * restarts its CometD side or a load balancer fails over: every agent re-handshakes (with CometD's backoff)
     * and subscribes again; operations waiting for a notification then end as "session lost".
     */
    public ActionBuilder dropCometdSessions() {
        return new SimpleActionBuilder((ctx, next) -> new SimulatorControlAction(name, "/sim/disconnect",
                "{\"all\":true}", ctx, next));
    }

    /** Simulator only: this agent's HTTP session ends (username, EL allowed), as {@link #expireSessions()}. */
    public ActionBuilder expireSession(String agent) {
        Expr<String> target = Expr.string(agent);
        return new SimpleActionBuilder((ctx, next) -> new SimulatorControlAction(name, "/sim/expire",
                session -> io.gwsload.api.Json.write(java.util.Map.of("users", java.util.List.of(
                        target.resolve(session)))), ctx, next));
    }

    /** Simulator only: one customer contact of this media arrives and is routed. */
    public ActionBuilder injectContact(Media media) {
        String body = contact(media, null);
        return new SimpleActionBuilder((ctx, next) -> new SimulatorControlAction(name, "/sim/contacts", body, ctx,
                next));
    }

    /** Simulator only: one customer contact arrives for this agent (username, EL allowed). */
    public ActionBuilder injectContact(Media media, String agent) {
        Expr<String> target = Expr.string(agent);
        return new SimpleActionBuilder((ctx, next) -> new SimulatorControlAction(name, "/sim/contacts",
                session -> contact(media, target.resolve(session)), ctx, next));
    }

    private static String contact(Media media, String agent) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("media", media.shortName());
        body.put("count", 1);
        if (agent != null) {
            body.put("agent", agent);
        }
        return io.gwsload.api.Json.write(body);
    }
}
