package io.gwsload.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;

/**
 * Joins the operations the user started with {@code expect()}: goes on once all have ended, marked as
 * failed if any did. Each of them was already recorded with its own timings.
 */
final class WaitForNotificationsAction extends GwsAction {

    WaitForNotificationsAction(String name, ScenarioContext ctx, Action next) {
        super(name, ctx, next);
    }

    @Override
    protected void run(Session session) {
        AgentSession agent = loggedIn(session);
        agent.whenAllEnded(failed -> next.$bang(failed ? session.markAsFailed() : session));
    }
}
