package io.gwsload.simulator.ops;

import io.gwsload.simulator.cometd.Notifications;
import io.gwsload.simulator.model.ApiException;
import io.gwsload.simulator.http.ApiRoute;
import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.model.ChannelState;
import io.gwsload.simulator.model.ContactCentre;
import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.model.InteractionStatus;
import io.gwsload.simulator.model.LogEntry;
import io.gwsload.simulator.model.Party;
import io.gwsload.simulator.model.PartyRole;
import io.gwsload.simulator.model.SupervisorMode;
import io.gwsload.simulator.model.Visibility;
import io.gwsload.simulator.truth.Counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gwsload.api.InteractionState;
import io.gwsload.api.Media;
import io.gwsload.api.StatusCode;

/**
 * Operations on {@code /api/v2/me/{chats|smssessions}/{id}}: the chat / SMS state machine of
 * docs/gws-api.md §4–§7 as seen by the calling participant. Each handler validates first (throwing
 * {@link ApiException}, nothing changed), then takes the referenceId ({@link OpContext#accept}),
 * then either adds the injected Error or applies the effect and adds its notifications: to the
 * caller built with the referenceId ({@link ReferenceIdPolicy} decides whether it stays), to the
 * others without.
 */
public final class InteractionHandlers {
    private final ContactCentre centre;

    public InteractionHandlers(ContactCentre centre) {
        this.centre = centre;
    }

    public Effects handle(OpContext ctx, ApiRoute route, Map<String, Object> body) {
        Interaction i = centre.interaction(route.interactionId());
        if (i == null || i.media != route.media()) {
            throw ContactCentre.notFound(route.media(), route.interactionId());
        }
        Effects out = new Effects();
        i.lock.lock();
        try {
            Party p = i.partyOf(ctx.caller);
            if (p == null) {
                throw ContactCentre.notFound(route.media(), route.interactionId());
            }
            dispatch(ctx, i, p, body, out);
        } finally {
            i.lock.unlock();
        }
        return out;
    }

    private void dispatch(OpContext ctx, Interaction i, Party p, Map<String, Object> body, Effects out) {
        switch (ctx.op) {
            case Accept -> accept(ctx, i, p, body, out);
            case Reject -> reject(ctx, i, p, out);
            case SendMessage -> send(ctx, i, p, out, "Text", Visibility.All, "text", text(body, "text"));
            case SendUrl -> send(ctx, i, p, out, "PushUrl", Visibility.All, "url", text(body, "url"));
            case SendCustomNotice -> send(ctx, i, p, out, "CustomNotice", Visibility.All, "noticeText",
                    text(body, "noticeText"));
            case SendCustomNoticeToAgents -> send(ctx, i, p, out, "CustomNotice", Visibility.Agents, "noticeText",
                    text(body, "noticeText"));
            case SendStartTypingNotification -> send(ctx, i, p, out, "TypingStarted", Visibility.All, "text",
                    text(body, "text"));
            case SendStopTypingNotification -> send(ctx, i, p, out, "TypingStopped", Visibility.All, null, null);
            case SendToAgents -> send(ctx, i, p, out, "Text", Visibility.Agents, "text", text(body, "text"));
            case SendStartTypingToAgentsNotification -> send(ctx, i, p, out, "TypingStarted", Visibility.Agents,
                    "text", text(body, "text"));
            case SendStopTypingToAgentsNotification -> send(ctx, i, p, out, "TypingStopped", Visibility.Agents, null,
                    null);
            case Invite -> invite(ctx, i, p, body, PartyRole.CONFERENCE, out);
            case Consult -> invite(ctx, i, p, body, PartyRole.CONSULT, out);
            case CancelConsult -> cancelConsult(ctx, i, p, out);
            case Transfer -> transfer(ctx, i, p, body, out);
            case Leave -> leave(ctx, i, p, out);
            case Complete -> complete(ctx, i, p, out);
            case SetDisposition -> setDisposition(ctx, i, p, body, out);
            case AttachUserData, UpdateUserData -> updateUserData(ctx, i, p, body, out);
            case DeleteUserData -> deleteUserData(ctx, i, p, body, out);
            case AddComment -> addComment(ctx, i, p, body, out);
            case SetInFocus -> {
                requireState(ctx, p, InteractionState.Invited, InteractionState.Chatting, InteractionState.LeftChat);
                ctx.accept(); // no notification, so never an injected error
            }
            case SwitchToMonitor, SwitchToCoach, SwitchToBargeIn -> switchMode(ctx, i, p, out);
            default -> throw new IllegalStateException(ctx.op.name());
        }
    }

    private void accept(OpContext ctx, Interaction i, Party p, Map<String, Object> body, Effects out) {
        requireState(ctx, p, InteractionState.Invited);
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        p.cancelOfferTimeout();
        String nickname = text(body, "nickname");
        if (nickname != null && !nickname.isBlank()) {
            p.nickname = nickname;
        }
        if (p.isSupervisor()) {
            p.visibility = p.mode.visibility();
        }
        p.state = InteractionState.Chatting;
        List<LogEntry> entries = new ArrayList<>(2);
        entries.add(i.append("ParticipantJoined", p.wire(), p.visibility, null, null));
        Party inviter = p.inviter;
        OpContext inviteOp = p.inviteOperation;
        p.inviter = null;
        p.inviteOperation = null;
        boolean inviterWaits = inviter != null && inviteOp != null && !inviter.isFinished();
        if (inviterWaits && p.role == PartyRole.TRANSFER) {
            // the transferrer leaves before the target looks at the participants
            boolean wasChatting = inviter.isChatting();
            centre.finish(i, inviter, InteractionState.Completed, out);
            if (wasChatting) {
                entries.add(i.append("ParticipantLeft", inviter.wire(), inviter.visibility, null, null));
            }
        }
        // docs/gws-api.md §6 "Chat Accept full notification sequence", in this order
        centre.joinSequence(i, p, ctx, out);

        Party notified = inviterWaits ? notifyInviter(i, p, inviter, inviteOp, entries, out) : null;
        centre.broadcast(i, out, p, null, entries, false, p, notified);
        if (!p.isSupervisor()) {
            centre.customers().startChatting(i);
            centre.deliverToMonitors(i, p, out);
        }
    }

    /**
     * The invitee of an Invite / Consult / Transfer joined: the inviter hears it with the inviting
     * operation's referenceId (a transferrer, already Completed, gets its StatusChange). Returns the
     * inviter if it was told.
     */
    private static Party notifyInviter(Interaction i, Party p, Party inviter, OpContext op, List<LogEntry> entries,
            Effects out) {
        String topic = i.media.topic();
        long ref = op.referenceId();
        if (p.role == PartyRole.TRANSFER) {
            out.add(inviter.agent, topic, Notifications.statusChange(i, inviter, ref, false), op);
            return inviter;
        }
        if (!inviter.isChatting()) {
            return null;
        }
        out.add(inviter.agent, topic, Notifications.participantsUpdated(i, inviter, ref), op);
        List<Map<String, Object>> visible = Notifications.visible(entries, inviter);
        if (!visible.isEmpty()) {
            out.add(inviter.agent, topic, Notifications.messageLog(i, visible, ref), op);
        }
        return inviter;
    }

    private void reject(OpContext ctx, Interaction i, Party p, Effects out) {
        requireState(ctx, p, InteractionState.Invited);
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        centre.finish(i, p, InteractionState.Completed, out);
        out.add(p.agent, i.media.topic(), Notifications.statusChange(i, p, ctx.referenceId(), false), ctx);
        centre.truth().count(Counter.rejects);
        centre.afterRefusal(i, p, "rejected the invitation", out);
        centre.forgetIfDone(i);
    }

    private void send(OpContext ctx, Interaction i, Party p, Effects out, String type, Visibility visibility,
            String field, String value) {
        requireState(ctx, p, InteractionState.Chatting);
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        LogEntry e = i.append(type, p.wire(), visibility, field, value);
        out.add(p.agent, i.media.topic(), Notifications.messageLog(i, List.of(e.wire()), ctx.referenceId()), ctx);
        centre.broadcastLog(i, out, e, p);
    }

    private void invite(OpContext ctx, Interaction i, Party p, Map<String, Object> body, PartyRole role,
            Effects out) {
        if (role == PartyRole.TRANSFER) {
            requireState(ctx, p, InteractionState.Chatting, InteractionState.LeftChat);
        } else {
            requireState(ctx, p, InteractionState.Chatting);
        }
        requireActive(ctx, i);
        Agent target = target(body);
        if (target == p.agent || i.activePartyOf(target) != null) {
            throw new ApiException(StatusCode.INVALID_FOR_STATE, ctx.op.wireName() + " is not valid: "
                    + target.user().username() + " already takes part in this " + what(i.media));
        }
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        String failure = null;
        if (target.channel(i.media) == ChannelState.LoggedOut) {
            failure = target.user().username() + " is not logged in on " + i.media.channelName();
        } else if (!target.tryReserve(centre.knobs().maxInteractionsPerAgent())) {
            failure = target.user().username() + " has no free capacity";
        }
        if (failure != null) {
            centre.error(i, p, ctx, ctx.op.wireName() + " failed: " + failure, out);
            return;
        }
        Visibility visibility = role == PartyRole.CONSULT ? Visibility.Agents : Visibility.All;
        Party q = centre.newParty(i, target, role, visibility, target.user().nickname());
        q.holdsCapacity = true;
        q.inviter = p;
        q.inviteOperation = ctx;
        centre.scheduleOfferTimeout(i, q);
        centre.offer(i, q, null, out);
    }

    private void cancelConsult(OpContext ctx, Interaction i, Party p, Effects out) {
        requireState(ctx, p, InteractionState.Chatting);
        Party consultant = null;
        for (Party q : i.parties) {
            if (q.role == PartyRole.CONSULT && !q.isFinished()) {
                consultant = q;
            }
        }
        if (consultant == null) {
            throw new ApiException(StatusCode.INVALID_FOR_STATE,
                    "CancelConsult is not valid: there is no consultation in this " + what(i.media));
        }
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        boolean wasChatting = consultant.isChatting();
        Party inviter = consultant.inviter;
        OpContext consultOp = consultant.inviteOperation;
        consultant.inviter = null;
        consultant.inviteOperation = null;
        centre.finish(i, consultant, InteractionState.Revoked, out);
        out.add(consultant.agent, i.media.topic(),
                Notifications.statusChange(i, consultant, OpContext.NO_REFERENCE, false), null);
        if (wasChatting) {
            LogEntry left = i.append("ParticipantLeft", consultant.wire(), consultant.visibility, null, null);
            // no notification to the caller on success (D-CancelConsult); the others hear it
            centre.broadcast(i, out, consultant, null, List.of(left), true, p);
        } else if (inviter != null && consultOp != null && !inviter.isFinished()) {
            // the pending Consult will never be answered by the consultant: it fails
            centre.error(i, inviter, consultOp, "Consult failed: cancelled by " + p.agent.user().username(), out);
        }
    }

    private void transfer(OpContext ctx, Interaction i, Party p, Map<String, Object> body, Effects out) {
        if (body.get("targetUri") != null || body.get("targetPath") != null) {
            invite(ctx, i, p, body, PartyRole.TRANSFER, out);
            return;
        }
        requireState(ctx, p, InteractionState.Chatting, InteractionState.LeftChat);
        requireActive(ctx, i);
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        // transfer to a queue: the transferrer is done at once; routing finds the next agent
        completeParty(ctx, i, p, out);
        if (!i.hasChattingAgent()) {
            centre.requeue(i, p.agent, out);
        }
    }

    private void leave(OpContext ctx, Interaction i, Party p, Effects out) {
        requireState(ctx, p, InteractionState.Chatting);
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        p.state = InteractionState.LeftChat;
        centre.release(p, out);
        LogEntry left = i.append("ParticipantLeft", p.wire(), p.visibility, null, null);
        out.add(p.agent, i.media.topic(), Notifications.statusChange(i, p, ctx.referenceId(), true), ctx);
        centre.broadcast(i, out, p, null, List.of(left), true, p);
        if (!p.isSupervisor()) {
            centre.endIfNoAgent(i, out);
        }
    }

    private void complete(OpContext ctx, Interaction i, Party p, Effects out) {
        requireState(ctx, p, InteractionState.Chatting, InteractionState.LeftChat);
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        completeParty(ctx, i, p, out);
        if (!p.isSupervisor()) {
            centre.endIfNoAgent(i, out);
        }
        centre.forgetIfDone(i);
    }

    /** The party is done: Completed to it (with the referenceId), ParticipantLeft to the others if it was in. */
    private void completeParty(OpContext ctx, Interaction i, Party p, Effects out) {
        boolean wasChatting = p.isChatting();
        centre.finish(i, p, InteractionState.Completed, out);
        out.add(p.agent, i.media.topic(), Notifications.statusChange(i, p, ctx.referenceId(), false), ctx);
        if (wasChatting) {
            LogEntry left = i.append("ParticipantLeft", p.wire(), p.visibility, null, null);
            centre.broadcast(i, out, p, null, List.of(left), true, p);
        }
    }

    private void setDisposition(OpContext ctx, Interaction i, Party p, Map<String, Object> body, Effects out) {
        requireState(ctx, p, InteractionState.Chatting, InteractionState.LeftChat);
        String key = text(body, "dispositionKey");
        String disposition = text(body, "disposition");
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        i.userData.put(key == null || key.isBlank() ? "DispositionCode" : key, disposition);
        propertiesUpdated(ctx, i, p, out);
    }

    private void updateUserData(OpContext ctx, Interaction i, Party p, Map<String, Object> body, Effects out) {
        requireState(ctx, p, InteractionState.Chatting, InteractionState.LeftChat);
        if (!(body.get("userData") instanceof Map<?, ?> data)) {
            throw new ApiException(StatusCode.VALIDATION_ERROR, "userData must be a JSON object");
        }
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        for (Map.Entry<?, ?> e : data.entrySet()) {
            i.userData.put(String.valueOf(e.getKey()), e.getValue());
        }
        propertiesUpdated(ctx, i, p, out);
    }

    private void deleteUserData(OpContext ctx, Interaction i, Party p, Map<String, Object> body, Effects out) {
        requireState(ctx, p, InteractionState.Chatting, InteractionState.LeftChat);
        Object keys = body.get("keys");
        List<?> list = keys instanceof List<?> l ? l : keys instanceof String s ? List.of(s) : null;
        if (list == null) {
            throw new ApiException(StatusCode.VALIDATION_ERROR, "keys must be a list of user data keys");
        }
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        for (Object k : list) {
            i.userData.remove(String.valueOf(k));
        }
        propertiesUpdated(ctx, i, p, out);
    }

    private void addComment(OpContext ctx, Interaction i, Party p, Map<String, Object> body, Effects out) {
        requireState(ctx, p, InteractionState.Chatting, InteractionState.LeftChat);
        String comment = text(body, "comment");
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        i.comment = comment;
        propertiesUpdated(ctx, i, p, out);
    }

    private void propertiesUpdated(OpContext ctx, Interaction i, Party p, Effects out) {
        String topic = i.media.topic();
        out.add(p.agent, topic, Notifications.propertiesUpdated(i, p, ctx.referenceId()), ctx);
        if (!centre.knobs().propertiesFanOut()) {
            return;
        }
        for (Party q : i.parties) {
            if (q != p && q.isChatting()) {
                out.add(q.agent, topic, Notifications.propertiesUpdated(i, q, OpContext.NO_REFERENCE), null);
            }
        }
    }

    private void switchMode(OpContext ctx, Interaction i, Party p, Effects out) {
        if (!ctx.caller.user().isSupervisor()) {
            throw new ApiException(StatusCode.PERMISSION_DENIED, ctx.op.wireName()
                    + " needs the supervisor role, which " + ctx.caller.user().username() + " does not have");
        }
        requireState(ctx, p, InteractionState.Chatting);
        if (!p.isSupervisor()) {
            throw new ApiException(StatusCode.INVALID_FOR_STATE, ctx.op.wireName()
                    + " is not valid: you take part in this " + what(i.media) + " as an agent, not as a supervisor");
        }
        SupervisorMode mode = SupervisorMode.of(ctx.op).orElseThrow();
        if (p.mode == mode) {
            throw new ApiException(StatusCode.INVALID_FOR_STATE, ctx.op.wireName() + " is not valid in mode "
                    + mode.name());
        }
        if (ctx.accept()) {
            centre.injectedError(i, p, ctx, out);
            return;
        }
        Visibility before = p.visibility;
        p.mode = mode;
        p.visibility = mode.visibility();
        LogEntry rejoined = i.append("ParticipantRejoined", p.wire(), p.visibility, null, null);
        String topic = i.media.topic();
        out.add(p.agent, topic, Notifications.participantsUpdated(i, p, ctx.referenceId()), ctx);
        out.add(p.agent, topic, Notifications.messageLog(i, List.of(rejoined.wire()), ctx.referenceId()), ctx);
        centre.broadcast(i, out, p, before, List.of(rejoined), false, p);
    }

    // ---- validation helpers

    private static void requireState(OpContext ctx, Party p, InteractionState... allowed) {
        for (InteractionState s : allowed) {
            if (p.state == s) {
                return;
            }
        }
        throw new ApiException(StatusCode.INVALID_FOR_STATE, ctx.op.wireName() + " is not valid in state "
                + p.state.name());
    }

    private static void requireActive(OpContext ctx, Interaction i) {
        if (i.status != InteractionStatus.ACTIVE) {
            throw new ApiException(StatusCode.INVALID_FOR_STATE, ctx.op.wireName() + " is not valid: the "
                    + what(i.media) + " has ended");
        }
    }

    /** The user a {@code targetUri} ({@code .../users/{id}}) or {@code targetPath} ({@code /users/{id}}) names. */
    private Agent target(Map<String, Object> body) {
        String ref = text(body, "targetUri");
        if (ref == null || ref.isBlank()) {
            ref = text(body, "targetPath");
        }
        String id = null;
        int at = ref == null ? -1 : ref.lastIndexOf("/users/");
        if (at >= 0) {
            id = ref.substring(at + "/users/".length());
            int end = id.indexOf('/');
            if (end >= 0) {
                id = id.substring(0, end);
            }
        }
        Agent target = centre.agentById(id);
        if (target == null) {
            throw new ApiException(StatusCode.NOT_FOUND, "Target '" + ref + "' is not a known user");
        }
        return target;
    }

    static String text(Map<String, Object> body, String key) {
        Object v = body.get(key);
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v.toString() : null;
    }

    static String what(Media media) {
        return media == Media.CHAT ? "chat" : "SMS session";
    }
}
