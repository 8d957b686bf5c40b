package io.gwsload.simulator.ops;

import io.gwsload.simulator.cometd.Notifications;
import io.gwsload.simulator.model.ApiException;
import io.gwsload.simulator.http.ApiRoute;
import io.gwsload.simulator.model.Agent;
import io.gwsload.simulator.model.ChannelState;
import io.gwsload.simulator.model.ContactCentre;
import io.gwsload.simulator.model.Router;
import io.gwsload.simulator.truth.Counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;
import io.gwsload.api.StatusCode;

/**
 * The agent's own session and media-channel state: {@code StartContactCenterSession},
 * {@code EndContactCenterSession} and {@code Ready}/{@code NotReady} on {@code /api/v2/me} (all
 * logged-in channels) or {@code /api/v2/me/channels/{channel}}. Each answers with a
 * {@code ChannelStateChangeMessageV2} on {@code /v2/me/channels} (with the referenceId where
 * {@link ReferenceIdPolicy} puts one).
 */
public final class AgentHandlers {
    private final ContactCentre centre;

    public AgentHandlers(ContactCentre centre) {
        this.centre = centre;
    }

    /** An operation posted to {@code /api/v2/me}. */
    public Effects onMe(OpContext ctx, Map<String, Object> body) {
        return switch (ctx.op) {
            case StartContactCenterSession -> start(ctx, body);
            case EndContactCenterSession -> end(ctx);
            case Ready, NotReady -> {
                List<Media> media = ctx.caller.loggedInMedia();
                if (media.isEmpty()) {
                    throw new ApiException(StatusCode.INVALID_FOR_STATE, ctx.op.wireName()
                            + " is not valid in state LoggedOut (call StartContactCenterSession first)");
                }
                yield setState(ctx, media);
            }
            default -> throw new IllegalStateException(ctx.op.name());
        };
    }

    /** {@code Ready}/{@code NotReady} posted to {@code /api/v2/me/channels/{channel}}. */
    public Effects onChannel(OpContext ctx, ApiRoute route) {
        if (route.media() == null) {
            throw new ApiException(StatusCode.NOT_FOUND, "Channel '" + route.segment() + "' not found");
        }
        ChannelState current = ctx.caller.channel(route.media());
        if (current == ChannelState.LoggedOut) {
            throw new ApiException(StatusCode.INVALID_FOR_STATE, ctx.op.wireName()
                    + " is not valid in state LoggedOut on channel " + route.media().channelName()
                    + " (call StartContactCenterSession first)");
        }
        return setState(ctx, List.of(route.media()));
    }

    private Effects start(OpContext ctx, Map<String, Object> body) {
        Object channels = body.get("channels");
        List<Object> names;
        if (channels instanceof List<?> list) {
            names = new ArrayList<>(list);
        } else if (channels instanceof String s) {
            names = List.of(s);
        } else {
            throw new ApiException(StatusCode.VALIDATION_ERROR,
                    "channels must be a list of channel names such as [\"chat\",\"smssession\"]");
        }
        List<Media> known = new ArrayList<>(2);
        List<String> unknown = new ArrayList<>();
        for (Object n : names) {
            Media m = n instanceof String s ? Media.fromChannelName(s).orElse(null) : null;
            if (m == null) {
                unknown.add(String.valueOf(n));
            } else if (!known.contains(m)) {
                known.add(m);
            }
        }
        Effects out = new Effects();
        Agent agent = ctx.caller;
        if (ctx.accept()) {
            injectedError(ctx, known, out);
            return out;
        }
        synchronized (agent) {
            for (Media m : known) {
                if (agent.channel(m) == ChannelState.LoggedOut) {
                    centre.setChannel(agent, m, ChannelState.NotReady);
                }
            }
            out.add(agent, MessageTypes.CHANNELS_TOPIC, Notifications.channelState(agent, known, ctx.referenceId()),
                    ctx);
        }
        if (!unknown.isEmpty()) {
            out.partialFailure = "Unknown channel" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + (known.isEmpty() ? "; no channel was logged in" : "; logged in on the others");
        }
        return out;
    }

    private Effects end(OpContext ctx) {
        Effects out = new Effects();
        Agent agent = ctx.caller;
        ctx.accept(); // does not notify, so never an injected error
        synchronized (agent) {
            List<Media> media = agent.loggedInMedia();
            for (Media m : media) {
                centre.setChannel(agent, m, ChannelState.LoggedOut);
            }
            if (!media.isEmpty()) {
                out.add(agent, MessageTypes.CHANNELS_TOPIC,
                        Notifications.channelState(agent, media, ctx.referenceId()), ctx);
            }
        }
        out.invalidateSession = true;
        return out;
    }

    private Effects setState(OpContext ctx, List<Media> media) {
        Effects out = new Effects();
        Agent agent = ctx.caller;
        if (ctx.accept()) {
            injectedError(ctx, media, out);
            return out;
        }
        ChannelState target = ctx.op == io.gwsload.api.OperationName.Ready ? ChannelState.Ready
                : ChannelState.NotReady;
        synchronized (agent) {
            for (Media m : media) {
                centre.setChannel(agent, m, target);
            }
            out.add(agent, MessageTypes.CHANNELS_TOPIC, Notifications.channelState(agent, media, ctx.referenceId()),
                    ctx);
        }
        if (target == ChannelState.Ready) {
            for (Media m : media) {
                Router r = centre.router(m);
                out.after(() -> r.agentAvailable(agent));
            }
        }
        return out;
    }

    private void injectedError(OpContext ctx, List<Media> media, Effects out) {
        out.add(ctx.caller, MessageTypes.CHANNELS_TOPIC, Notifications.channelError(ctx.caller, media,
                ctx.referenceId(), ctx.op.wireName() + " failed: simulated error (errorRate)"), ctx);
        centre.truth().count(Counter.errorNotifications);
    }
}
