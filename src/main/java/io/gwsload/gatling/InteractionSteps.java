package io.gwsload.gatling;

import io.gwsload.gatling.action.Expr;

import java.util.List;
import java.util.Map;

import io.gwsload.api.Media;
import io.gwsload.api.OperationName;

/**
 * The operations on one chat or SMS session (docs/gws-api.md §5, §7), from {@code gws(name).chat(id)} or
 * {@code gws(name).sms(id)}. Text arguments may use Gatling EL. Each returns an
 * {@link OperationActionBuilder} for timeouts, checks and the non-blocking form.
 */
public final class InteractionSteps {
    private final String requestName;
    private final Expr<String> media;
    private final Expr<String> id;

    InteractionSteps(String requestName, Media media, String idExpression) {
        this(requestName, media.shortName(), idExpression);
    }

    /** {@code media} is {@code chat} or {@code sms}, or Gatling EL naming one, e.g. {@code #{offerMedia}}. */
    InteractionSteps(String requestName, String media, String idExpression) {
        this.requestName = requestName;
        this.media = Expr.string(media);
        if (this.media.isConstant() && Media.fromName(media).isEmpty()) {
            throw new IllegalArgumentException(requestName + ": '" + media + "' is not a media; use chat or sms");
        }
        this.id = Expr.string(idExpression);
    }

    /** Any operation, for what has no method here; add parameters with {@code param}. */
    public OperationActionBuilder operation(OperationName name) {
        if (name.target() != OperationName.Target.INTERACTION) {
            throw new IllegalArgumentException(name + " is not an operation on a chat or SMS session");
        }
        return new OperationActionBuilder(requestName, name, media, id, null);
    }

    /**
     * Waits until an agent other than this one shows in this interaction: an invited agent or consultant, or a
     * supervisor who coaches or barges in. A silently monitoring supervisor is shown to other supervisors only
     * (GWS documents it, docs/gws-api.md §5): this wait never sees one. Notifications that came before the step
     * count (the agent's inbox); the id is not saved again.
     */
    public AwaitActionBuilder awaitAgentJoined() {
        return new AwaitActionBuilder(requestName, NotificationMatcher.agentIn(id.toString(), null), null);
    }

    /**
     * Waits until this agent (username of this run, user URI or {@code /users/{id}} path, EL allowed) shows in
     * this interaction, e.g. {@code awaitAgentJoined("#{supervisor}")}: an agent that goes on only once its
     * supervisor barged in, with no fixed pause, however many other agents are in.
     */
    public AwaitActionBuilder awaitAgentJoined(String agent) {
        return new AwaitActionBuilder(requestName, NotificationMatcher.agentIn(id.toString(),
                java.util.Objects.requireNonNull(agent, "agent")), null);
    }

    /** Accept with the agent's nickname from the credentials file (override with {@code param("nickname", ...)}). */
    public OperationActionBuilder accept() {
        return operation(OperationName.Accept);
    }

    public OperationActionBuilder reject() {
        return operation(OperationName.Reject);
    }

    public OperationActionBuilder sendMessage(String text) {
        return operation(OperationName.SendMessage).param("text", text);
    }

    public OperationActionBuilder sendUrl(String url) {
        return operation(OperationName.SendUrl).param("url", url);
    }

    public OperationActionBuilder sendCustomNotice(String noticeText) {
        return operation(OperationName.SendCustomNotice).param("noticeText", noticeText);
    }

    public OperationActionBuilder sendCustomNoticeToAgents(String noticeText) {
        return operation(OperationName.SendCustomNoticeToAgents).param("noticeText", noticeText);
    }

    public OperationActionBuilder startTyping() {
        return operation(OperationName.SendStartTypingNotification);
    }

    public OperationActionBuilder stopTyping() {
        return operation(OperationName.SendStopTypingNotification);
    }

    public OperationActionBuilder sendToAgents(String text) {
        return operation(OperationName.SendToAgents).param("text", text);
    }

    public OperationActionBuilder startTypingToAgents() {
        return operation(OperationName.SendStartTypingToAgentsNotification);
    }

    public OperationActionBuilder stopTypingToAgents() {
        return operation(OperationName.SendStopTypingToAgentsNotification);
    }

    /**
     * Conference invite. {@code agent} is a username logged in through this run, a user URI or a
     * {@code /users/{id}} path. Completes when the invited agent has joined (see the simulator's docs).
     */
    public OperationActionBuilder invite(String agent) {
        return operation(OperationName.Invite).target(agent);
    }

    /** Consult another agent (visible to agents only); {@code agent} as for {@link #invite}. */
    public OperationActionBuilder consult(String agent) {
        return operation(OperationName.Consult).target(agent);
    }

    public OperationActionBuilder cancelConsult() {
        return operation(OperationName.CancelConsult);
    }

    /** Transfer to an agent; {@code agent} as for {@link #invite}. */
    public OperationActionBuilder transfer(String agent) {
        return operation(OperationName.Transfer).target(agent);
    }

    public OperationActionBuilder transferToQueue(String queueName) {
        return operation(OperationName.Transfer).param("queueName", queueName);
    }

    public OperationActionBuilder leave() {
        return operation(OperationName.Leave);
    }

    public OperationActionBuilder complete() {
        return operation(OperationName.Complete);
    }

    public OperationActionBuilder setDisposition(String disposition) {
        return operation(OperationName.SetDisposition).param("disposition", disposition);
    }

    public OperationActionBuilder attachUserData(Map<String, ?> userData) {
        return operation(OperationName.AttachUserData).param("userData", Map.copyOf(userData));
    }

    public OperationActionBuilder updateUserData(Map<String, ?> userData) {
        return operation(OperationName.UpdateUserData).param("userData", Map.copyOf(userData));
    }

    public OperationActionBuilder deleteUserData(String... keys) {
        return operation(OperationName.DeleteUserData).param("keys", List.of(keys));
    }

    public OperationActionBuilder setInFocus() {
        return operation(OperationName.SetInFocus);
    }

    public OperationActionBuilder addComment(String comment) {
        return operation(OperationName.AddComment).param("comment", comment);
    }

    public OperationActionBuilder switchToMonitor() {
        return operation(OperationName.SwitchToMonitor);
    }

    public OperationActionBuilder switchToCoach() {
        return operation(OperationName.SwitchToCoach);
    }

    public OperationActionBuilder switchToBargeIn() {
        return operation(OperationName.SwitchToBargeIn);
    }
}
