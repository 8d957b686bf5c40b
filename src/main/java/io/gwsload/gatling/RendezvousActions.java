package io.gwsload.gatling;

import io.gwsload.gatling.action.Expr;

import io.gwsload.gatling.action.GwsAction;

import java.time.Duration;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;

/** The steps behind {@link GwsDsl#publishAgent} and {@link GwsDsl#takeAgent}. */
final class RendezvousActions {
    private RendezvousActions() {
    }

    /** Puts a username (by default the logged-in agent's own) into a named pool. */
    static final class Publish extends GwsAction {
        private final Expr<String> pool;
        private final Expr<String> username;

        Publish(Expr<String> pool, Expr<String> username, ScenarioContext ctx, Action next) {
            super("publish agent to " + pool, ctx, next);
            this.pool = pool;
            this.username = username;
        }

        @Override
        protected void run(Session session) {
            String name = username != null ? username.resolve(session) : loggedIn(session).credentials().username();
            components.runtime.rendezvous.publish(pool.resolve(session), name);
            next.$bang(session);
        }
    }

    /** Takes a username out of a named pool into a session attribute, waiting (without blocking) if none is there. */
    static final class Take extends GwsAction {
        private final Expr<String> pool;
        private final String saveAs;
        private final Duration timeout;

        Take(Expr<String> pool, String saveAs, Duration timeout, ScenarioContext ctx, Action next) {
            super("take agent from " + pool, ctx, next);
            this.pool = pool;
            this.saveAs = saveAs;
            this.timeout = timeout;
        }

        @Override
        protected void run(Session session) {
            Duration t = timeout != null ? timeout : components.runtime.config.awaitTimeout();
            long start = System.nanoTime();
            String poolName = pool.resolve(session);
            components.runtime.rendezvous.take(poolName, t.toNanos(), username -> {
                long end = System.nanoTime();
                if (username == null) {
                    record(session, name, start, end, false, "no agent was published to " + poolName + " within "
                            + t.toMillis() + " ms");
                    proceed(session, true, start, end);
                } else {
                    next.$bang(session.set(saveAs, username));
                }
            });
        }
    }
}
