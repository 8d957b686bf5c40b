package io.gwsload.gatling.action;

import io.gwsload.gatling.runtime.AgentSession;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.api.ApiPaths;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.collector.OperationListener;
import io.gwsload.collector.OperationSpec;

/**
 * Logs the virtual user's agent out (docs/gws-api.md §2, step 6): {@code EndContactCenterSession}, recorded
 * as {@code <name> HTTP}, then the CometD disconnect; the credentials go back to the pool.
 */
public final class LogoutAction extends GwsAction {

    public LogoutAction(String name, ScenarioContext ctx, Action next) {
        super(name, ctx, next);
    }

    @Override
    protected void run(Session session) {
        AgentSession agent = loggedIn(session);
        OperationSpec spec = OperationSpec.httpOnly(name, components.runtime.config.operationTimeout());
        agent.execute(spec, ApiPaths.ME, Operation.of(OperationName.EndContactCenterSession),
                (OperationListener.Verdict) outcome -> {
            try {
                recordOperation(session, outcome, null);
                agent.tracker().userEnded(); // its held completions are written while Gatling still takes records
                components.runtime.release(agent);
            } finally {
                proceed(session.remove(AgentSession.KEY).remove(AgentSession.USERNAME), !outcome.isOk(),
                        outcome.startNanos(), outcome.endNanos());
            }
        });
    }

}
