package io.gwsload.gatling;

import io.gwsload.gatling.action.Expr;

import io.gwsload.api.Media;
import io.gwsload.api.OperationName;

/**
 * A supervisor's operations on one agent (gws-api.md §5 "Supervisor user-level operations"), from
 * {@code gws(name).supervise(agent)}; {@code agent} is a username logged in through this run, a user id
 * or a user URI. Monitor, Coach and BargeIn arm monitoring of the agent's next (or every) interaction,
 * which then arrives as an Invited offer to await and accept.
 */
public final class SupervisorSteps {
    private final String requestName;
    private final Expr<String> agent;

    SupervisorSteps(String requestName, String agent) {
        this.requestName = requestName;
        this.agent = Expr.string(agent);
    }

    public OperationActionBuilder monitor(Media media) {
        return on(OperationName.Monitor, media);
    }

    public OperationActionBuilder coach(Media media) {
        return on(OperationName.Coach, media);
    }

    public OperationActionBuilder bargeIn(Media media) {
        return on(OperationName.BargeIn, media);
    }

    public OperationActionBuilder cancelMonitoring(Media media) {
        return on(OperationName.CancelSupervisorMonitoring, media);
    }

    /**
     * Joins one of the agent's current interactions; the supervisor then gets it as an Invited offer
     * carrying this operation's referenceId. {@code mode} is Monitor, Coach or BargeIn.
     */
    public OperationActionBuilder intrude(Media media, String interactionId, String mode) {
        return new OperationActionBuilder(requestName, OperationName.Intrude, media, Expr.string(interactionId), agent)
                .param("supervisorVisibilityMode", mode);
    }

    private OperationActionBuilder on(OperationName op, Media media) {
        return new OperationActionBuilder(requestName, op, media, null, agent);
    }
}
