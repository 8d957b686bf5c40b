package io.gwsload.simulator.ops;

import io.gwsload.simulator.model.ApiException;
import io.gwsload.simulator.http.ApiRoute;
import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.model.ContactCentre;
import io.gwsload.simulator.model.Interaction;
import io.gwsload.simulator.model.MonitorArm;
import io.gwsload.simulator.model.Party;
import io.gwsload.simulator.model.PartyRole;
import io.gwsload.simulator.model.SupervisorMode;

import java.util.Locale;
import java.util.Map;

import io.gwsload.api.StatusCode;

/**
 * A supervisor acting on an agent: {@code Monitor} / {@code Coach} / {@code BargeIn} /
 * {@code CancelSupervisorMonitoring} on {@code /api/v2/users/{agentId}/channels/{channel}} (arm or
 * disarm; answered by HTTP only), and {@code Intrude} on
 * {@code /api/v2/users/{agentId}/{chats|smssessions}/{id}} (the supervisor gets an Invited offer
 * caused by the Intrude, whatever {@code monitoredDelivery} says [C] D-Intrude). Callers without the
 * supervisor role get statusCode 5.
 */
public final class SupervisorHandlers {
    private final ContactCentre centre;

    public SupervisorHandlers(ContactCentre centre) {
        this.centre = centre;
    }

    public Effects onUserChannel(OpContext ctx, ApiRoute route, Map<String, Object> body) {
        requireSupervisor(ctx);
        Agent agent = agent(route);
        if (route.media() == null) {
            throw new ApiException(StatusCode.NOT_FOUND, "Channel '" + route.segment() + "' not found");
        }
        if (agent == ctx.caller) {
            throw new ApiException(StatusCode.INVALID_FOR_STATE, ctx.op.wireName()
                    + " is not valid on your own channel");
        }
        Effects out = new Effects();
        if (ctx.op == io.gwsload.api.OperationName.CancelSupervisorMonitoring) {
            boolean armed = agent.monitors().stream()
                    .anyMatch(a -> a.supervisor() == ctx.caller && a.media() == route.media());
            if (!armed) {
                throw new ApiException(StatusCode.INVALID_FOR_STATE, "CancelSupervisorMonitoring is not valid: "
                        + agent.user().username() + " is not monitored by you on " + route.media().channelName());
            }
            ctx.accept();
            agent.disarm(ctx.caller, route.media());
            return out;
        }
        SupervisorMode mode = SupervisorMode.of(ctx.op).orElseThrow();
        boolean allChats = allChats(InteractionHandlers.text(body, "supervisorMonitoringMode"));
        String nickname = InteractionHandlers.text(body, "nickname");
        ctx.accept(); // answered by HTTP only, so never an injected error
        agent.arm(new MonitorArm(ctx.caller, route.media(), mode, allChats,
                nickname == null || nickname.isBlank() ? null : nickname));
        return out;
    }

    public Effects intrude(OpContext ctx, ApiRoute route, Map<String, Object> body) {
        requireSupervisor(ctx);
        Agent agent = agent(route);
        Interaction i = centre.interaction(route.interactionId());
        if (i == null || i.media != route.media()) {
            throw ContactCentre.notFound(route.media(), route.interactionId());
        }
        Effects out = new Effects();
        i.lock.lock();
        try {
            Party agentParty = i.activePartyOf(agent);
            if (agentParty == null || agentParty.isSupervisor() || !agentParty.isChatting()) {
                throw new ApiException(StatusCode.NOT_FOUND, agent.user().username() + " is not chatting in "
                        + InteractionHandlers.what(i.media) + " '" + i.id + "'");
            }
            SupervisorMode mode = mode(ctx, agent, i, body);
            if (i.activePartyOf(ctx.caller) != null) {
                throw new ApiException(StatusCode.INVALID_FOR_STATE, "Intrude is not valid: you already take part in "
                        + "this " + InteractionHandlers.what(i.media));
            }
            if (ctx.accept()) {
                centre.error(i, null, ctx, "Intrude failed: simulated error (errorRate)", out, ctx.caller);
                return out;
            }
            String nickname = ctx.caller.user().nickname();
            for (MonitorArm arm : agent.monitors()) {
                if (arm.supervisor() == ctx.caller && arm.media() == i.media && arm.nickname() != null) {
                    nickname = arm.nickname();
                }
            }
            Party sp = centre.newParty(i, ctx.caller, PartyRole.SUPERVISOR, mode.visibility(), nickname);
            sp.mode = mode;
            sp.inviteOperation = ctx;
            centre.scheduleOfferTimeout(i, sp);
            centre.offer(i, sp, ctx, out);
        } finally {
            i.lock.unlock();
        }
        return out;
    }

    /** {@code supervisorVisibilityMode}, else the mode of the caller's armed monitoring of the agent. */
    private static SupervisorMode mode(OpContext ctx, Agent agent, Interaction i, Map<String, Object> body) {
        String text = InteractionHandlers.text(body, "supervisorVisibilityMode");
        if (text != null && !text.isBlank()) {
            return SupervisorMode.fromWire(text).orElseThrow(() -> new ApiException(StatusCode.VALIDATION_ERROR,
                    "supervisorVisibilityMode must be Monitor, Coach or BargeIn, got '" + text + "'"));
        }
        for (MonitorArm arm : agent.monitors()) {
            if (arm.supervisor() == ctx.caller && arm.media() == i.media) {
                return arm.mode();
            }
        }
        throw new ApiException(StatusCode.PARAMETER_MISSING,
                "supervisorVisibilityMode is required when you are not monitoring " + agent.user().username());
    }

    private static boolean allChats(String mode) {
        if (mode == null || mode.isBlank()) {
            return true;
        }
        return switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "allchats" -> true;
            case "nextchat" -> false;
            default -> throw new ApiException(StatusCode.VALIDATION_ERROR,
                    "supervisorMonitoringMode must be NextChat or AllChats, got '" + mode + "'");
        };
    }

    private Agent agent(ApiRoute route) {
        Agent agent = centre.agentById(route.userId());
        if (agent == null) {
            throw new ApiException(StatusCode.NOT_FOUND, "User '" + route.userId() + "' not found");
        }
        return agent;
    }

    private static void requireSupervisor(OpContext ctx) {
        if (!ctx.caller.user().isSupervisor()) {
            throw new ApiException(StatusCode.PERMISSION_DENIED, ctx.op.wireName()
                    + " needs the supervisor role, which " + ctx.caller.user().username() + " does not have");
        }
    }
}
