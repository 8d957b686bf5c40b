package io.gwsload.gatling;

import io.gwsload.gatling.action.Expr;

import io.gwsload.api.Media;
import io.gwsload.api.MonitoringMode;
import io.gwsload.api.VisibilityMode;
import io.gwsload.api.OperationName;

/**
 * A supervisor's operations on one agent (docs/gws-api.md §5), from {@code gws(name).supervise(agent)};
 * {@code agent} is a username logged in through this run, a user id or a user URI. Monitor, Coach and BargeIn
 * arm monitoring of the agent's next ({@link MonitoringMode#NEXT_CHAT}) or every ({@link MonitoringMode#ALL_CHATS},
 * GWS's default) interaction; GWS documents no notification for them, so they show only an {@code <name> HTTP}
 * row. When the agent accepts, the supervisor is added to the interaction in state Chatting, without an offer:
 * {@code gws(name).awaitMonitored(media)} waits for that. Intrude joins an interaction in progress: the
 * supervisor gets an Invited offer to accept.
 */
public final class SupervisorSteps {
    private final String requestName;
    private final Expr<String> agent;

    SupervisorSteps(String requestName, String agent) {
        this.requestName = requestName;
        this.agent = Expr.string(agent);
    }

    /** Monitor with GWS's default mode (AllChats): silent, seen by other supervisors only. */
    public OperationActionBuilder monitor(Media media) {
        return on(OperationName.Monitor, media);
    }

    /** Monitor the agent's next interaction only, or every one. */
    public OperationActionBuilder monitor(Media media, MonitoringMode mode) {
        return on(OperationName.Monitor, media).param("supervisorMonitoringMode", mode.wire());
    }

    /** Coach with GWS's default mode (AllChats): seen by agents, not by the customer. */
    public OperationActionBuilder coach(Media media) {
        return on(OperationName.Coach, media);
    }

    /** Coach the agent's next interaction only, or every one. */
    public OperationActionBuilder coach(Media media, MonitoringMode mode) {
        return on(OperationName.Coach, media).param("supervisorMonitoringMode", mode.wire());
    }

    /** BargeIn with GWS's default mode (AllChats): seen by everyone. */
    public OperationActionBuilder bargeIn(Media media) {
        return on(OperationName.BargeIn, media);
    }

    /** BargeIn on the agent's next interaction only, or every one. */
    public OperationActionBuilder bargeIn(Media media, MonitoringMode mode) {
        return on(OperationName.BargeIn, media).param("supervisorMonitoringMode", mode.wire());
    }

    public OperationActionBuilder cancelMonitoring(Media media) {
        return on(OperationName.CancelSupervisorMonitoring, media);
    }

    /**
     * Joins one of the agent's current interactions (id, EL allowed); the supervisor then gets it as an
     * Invited offer, which completes this step.
     */
    public OperationActionBuilder intrude(Media media, String interactionId, VisibilityMode mode) {
        return intrude(media, interactionId, mode.wire());
    }

    /** As {@link #intrude(Media, String, VisibilityMode)} with the mode as text (EL allowed): Monitor, Coach, BargeIn. */
    public OperationActionBuilder intrude(Media media, String interactionId, String mode) {
        return new OperationActionBuilder(requestName, OperationName.Intrude, media, Expr.string(interactionId), agent)
                .param("supervisorVisibilityMode", mode);
    }

    private OperationActionBuilder on(OperationName op, Media media) {
        return new OperationActionBuilder(requestName, op, media, null, agent);
    }
}
