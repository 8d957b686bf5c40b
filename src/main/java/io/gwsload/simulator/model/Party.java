package io.gwsload.simulator.model;

import io.gwsload.simulator.ops.OpContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import io.gwsload.api.InteractionState;

/**
 * One agent-side participant of an interaction: an agent or supervisor, its state as that user sees
 * the interaction, and for invitations who invited it with which operation. All fields are guarded
 * by the interaction's lock.
 */
public final class Party {
    final String participantId;
    public final Agent agent;
    public final PartyRole role;
    public InteractionState state = InteractionState.Invited;
    public Visibility visibility;
    public String nickname;
    /** Supervisors only. */
    public SupervisorMode mode;
    /** Whether this party holds one unit of its agent's capacity (Invited or Chatting, not supervisor). */
    public boolean holdsCapacity;
    /** The party whose operation invited this one (Invite, Consult, Transfer), or null. */
    public Party inviter;
    /** The operation that caused the offer (Invite, Consult, Transfer, Intrude), or null for routing. */
    public OpContext inviteOperation;
    ScheduledFuture<?> offerTimeout;

    Party(String participantId, Agent agent, PartyRole role, Visibility visibility, String nickname) {
        this.participantId = participantId;
        this.agent = agent;
        this.role = role;
        this.visibility = visibility;
        this.nickname = nickname;
    }

    public boolean isSupervisor() {
        return role == PartyRole.SUPERVISOR;
    }

    public boolean isFinished() {
        return state.isFinished();
    }

    public boolean isChatting() {
        return state == InteractionState.Chatting;
    }

    /** The participant object: {@code participantId, type, nickname, uri, path, visibility}. */
    public Map<String, Object> wire() {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("participantId", participantId);
        m.put("type", "Agent");
        m.put("nickname", nickname);
        m.put("uri", agent.user().uri());
        m.put("path", agent.user().path());
        m.put("visibility", visibility.name());
        return m;
    }

    public void cancelOfferTimeout() {
        if (offerTimeout != null) {
            offerTimeout.cancel(false);
            offerTimeout = null;
        }
    }
}
