package io.gwsload.gatling.action;

import io.gwsload.gatling.runtime.AgentSession;

import java.time.Duration;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.MessageTypes;
import io.gwsload.api.Notification;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.collector.rules.CompletionRules;
import io.gwsload.collector.Identity;
import io.gwsload.collector.OperationListener;
import io.gwsload.collector.OperationSpec;
import io.gwsload.collector.WaitListener;
import io.gwsload.collector.WaitSpec;

/**
 * A supervisor takes the next session it monitors, whichever way GWS brings it: added at once in state
 * Chatting (as the Supervisor Monitoring pages document, docs/gws-api.md §5) or offered as Invited (as some
 * deployments do), in which case this step accepts it. Records {@code <name>} (the wait) and, for an
 * offer, {@code <name> Accept} with its HTTP timing; saves the interaction id.
 */
public final class AwaitMonitoredAction extends GwsAction {
    private final Media media;
    private final Duration timeout;
    private final String idKey;
    private final boolean optional;

    public AwaitMonitoredAction(String name, Media media, Duration timeout, String idKey, boolean optional,
            ScenarioContext ctx, Action next) {
        super(name, ctx, next);
        this.media = media;
        this.timeout = timeout;
        this.idKey = idKey;
        this.optional = optional;
    }

    /** A session of this media arriving for the supervisor: offered (Invited) or added (Chatting). */
    static boolean arrival(Notification n, Media media) {
        if (!n.isStateChange() || n.media().orElse(null) != media || n.isError()) {
            return false;
        }
        // Only the StatusChange: a session's later ParticipantsUpdated (state Chatting) is no new arrival.
        String state = n.state();
        return MessageTypes.STATUS_CHANGE.equals(n.notificationType())
                && ("Invited".equals(state) || "Chatting".equals(state));
    }

    @Override
    protected void run(Session session) {
        AgentSession agent = loggedIn(session);
        Duration t = timeout != null ? timeout : components.runtime.config.awaitTimeout();
        WaitSpec spec = new WaitSpec(name, n -> arrival(n, media), "a monitored " + media.shortName()
                + " session (offered or added)", t, optional);
        agent.tracker().await(spec, (WaitListener.Verdict) outcome -> {
            String failure = recordWait(session, outcome, null);
            if (outcome.idle()) {
                next.$bang(session.remove(idKey));
                return;
            }
            if (failure != null) {
                proceed(session, true, outcome.startNanos(), outcome.endNanos());
                return;
            }
            Notification n = outcome.notification();
            String id = n.interactionId();
            Session withId = session.set(idKey, id);
            if (!"Invited".equals(n.state())) {
                proceed(withId, false, outcome.startNanos(), outcome.endNanos());
                return;
            }
            accept(withId, agent, id, outcome.startNanos());
        });
    }

    /** The session was offered: accept it, timed like any Accept. */
    private void accept(Session session, AgentSession agent, String id, long waitStart) {
        Operation accept = Operation.of(OperationName.Accept).with("nickname", agent.nickname());
        OperationSpec spec = OperationSpec.awaiting(name + " Accept", components.runtime.config.operationTimeout())
                .expecting(CompletionRules.of(OperationName.Accept, media, id, accept.parameters(),
                        Identity.UNKNOWN, Identity.UNKNOWN));
        agent.execute(spec, ApiPaths.forOperation(OperationName.Accept, media, id, null), accept,
                (OperationListener.Verdict) result -> {
                    String failure = recordOperation(session, result, null);
                    // Not taken: the id goes, so that then(...) does not run on a session never accepted.
                    proceed(failure != null ? session.remove(idKey) : session, failure != null, waitStart,
                            result.endNanos());
                });
    }
}
