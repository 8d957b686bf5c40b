package io.gwsload.gatling.action;

import io.gwsload.gatling.runtime.AgentSession;

import java.time.Duration;
import java.util.List;

import io.gatling.core.action.Action;
import io.gatling.core.check.Check;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.api.Notification;
import io.gwsload.collector.WaitListener;
import io.gwsload.collector.WaitSpec;

/**
 * Waits for a notification that no operation of the agent claims (a routed offer, a customer message,
 * a conference join), taking it from the agent's inbox if it already came. Recorded as one request
 * {@code <name>}: OK with the time waited, or KO "no ... within T ms".
 */
public final class AwaitAction extends GwsAction {
    private final NotificationFilter matcher;
    private final Duration timeout;
    private final List<Check<Notification>> checks;
    /** Null: a timeout is KO. Otherwise optional: a timeout removes this attribute (if not empty) and goes on. */
    private final String removeOnTimeout;
    private final List<String> forgetFirst;
    /** Null, or an attribute set to true when something arrived and passed the checks. */
    private final String arrivedKey;

    public AwaitAction(String name, NotificationFilter matcher, Duration timeout, List<Check<Notification>> checks,
            String removeOnTimeout, String arrivedKey, ScenarioContext ctx, Action next) {
        this(name, matcher, timeout, checks, removeOnTimeout, arrivedKey, List.of(), ctx, next);
    }

    /**
     * As above; {@code forgetFirst} are attributes removed before the checks run (what an optional check may save:
     * an earlier value must not survive a notification that has none).
     */
    public AwaitAction(String name, NotificationFilter matcher, Duration timeout, List<Check<Notification>> checks,
            String removeOnTimeout, String arrivedKey, List<String> forgetFirst, ScenarioContext ctx, Action next) {
        super(name, ctx, next);
        this.matcher = matcher;
        this.timeout = timeout;
        this.checks = checks;
        this.removeOnTimeout = removeOnTimeout;
        this.forgetFirst = List.copyOf(forgetFirst);
        this.arrivedKey = arrivedKey;
    }

    @Override
    protected void run(Session session) {
        AgentSession agent = loggedIn(session);
        Duration t = timeout != null ? timeout : components.runtime.config.awaitTimeout();
        WaitSpec spec = new WaitSpec(name, matcher.resolve(session, components.runtime.directory), matcher.description(), t,
                removeOnTimeout != null);
        agent.tracker().await(spec, (WaitListener.Verdict) outcome -> {
            if (removeOnTimeout != null && outcome.outcome() == io.gwsload.collector.Outcome.TIMEOUT) {
                recordWait(session, outcome, null); // counted as idle
                Session left = removeOnTimeout.isEmpty() ? session : session.remove(removeOnTimeout);
                for (String key : forgetFirst) {
                    left = left.remove(key); // nothing came: what an earlier wait saved must not pass for this one's
                }
                next.$bang(left);
                return;
            }
            Session s = session;
            String checkFailure = null;
            if (outcome.isOk()) {
                try {
                    Session before = session;
                    for (String key : forgetFirst) {
                        before = before.remove(key);
                    }
                    NotificationChecks.Result checked = NotificationChecks.apply(checks, outcome.notification(),
                            before);
                    s = checked.session();
                    checkFailure = checked.failure();
                } catch (RuntimeException e) {
                    checkFailure = "the checks could not run: " + e;
                }
            }
            String failure = "its record failed";
            try {
                failure = recordWait(session, outcome, checkFailure);
            } finally {
                if (failure == null && arrivedKey != null) {
                    s = s.set(arrivedKey, Boolean.TRUE);
                }
                proceed(s, failure != null, outcome.startNanos(), outcome.endNanos()); // the user always goes on
            }
        });
    }
}
