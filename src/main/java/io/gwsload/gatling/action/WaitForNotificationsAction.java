package io.gwsload.gatling.action;

import io.gwsload.gatling.runtime.AgentSession;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;

/**
 * Joins the operations the user started with {@code expect()}: goes on once all have ended, marked as
 * failed if any did. Each of them was already recorded with its own timings.
 */
public final class WaitForNotificationsAction extends GwsAction {

    public WaitForNotificationsAction(String name, ScenarioContext ctx, Action next) {
        super(name, ctx, next);
    }

    @Override
    protected void run(Session session) {
        AgentSession agent = loggedIn(session);
        agent.whenAllEnded(failed -> next.$bang(failed ? session.markAsFailed() : session));
    }
}
