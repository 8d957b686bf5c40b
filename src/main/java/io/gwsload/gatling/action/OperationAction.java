package io.gwsload.gatling.action;

import io.gwsload.gatling.runtime.AgentSession;
import io.gwsload.gatling.runtime.GwsConfig;

import java.time.Duration;
import java.util.List;
import io.gatling.core.check.Check;
import io.gwsload.api.Notification;
import io.gwsload.collector.Completion;

import java.util.Map;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.collector.rules.CompletionRules;
import io.gwsload.collector.Expectation;
import io.gwsload.collector.Identity;
import io.gwsload.collector.OperationListener;
import io.gwsload.collector.OperationSpec;

/**
 * One GWS operation: resolves its target and parameters for the virtual user, POSTs it through the
 * agent's connection and records two requests: {@code <name> HTTP} (POST to HTTP answer) and
 * {@code <name>} (POST to the matching notification). By default the user waits for the
 * notification; with {@code expect()} it goes on at once and {@code waitForNotifications()} joins later.
 */
public final class OperationAction extends GwsAction {
    /** What the step was built with (by {@code OperationActionBuilder}). */
    public record Definition(String requestName, OperationName operation, Expr<String> media, Expr<String> interactionId,
            Expr<String> user, Expr<String> target, Map<String, Expr<?>> parameters, Duration timeout,
            NotificationFilter until, boolean awaitNotification, List<Check<Notification>> checks, boolean expect,
            Completion completion) {

        /** The spec for one execution; {@code expectation} is the operation's effect there (or null). */
        public OperationSpec spec(GwsConfig config, Session session, Expectation expectation,
                io.gwsload.client.UserDirectory directory) {
            Duration t = timeout != null ? timeout : config.operationTimeout();
            if (!awaitNotification) {
                return OperationSpec.httpOnly(requestName, t);
            }
            OperationSpec spec = OperationSpec.awaiting(requestName, t).expecting(expectation).completion(completion);
            // The description keeps its EL unresolved, as waits do: timeout messages then group (no ids).
            return until == null ? spec : spec.completingOn(until.resolve(session, directory), until.description());
        }
    }

    private final Definition def;

    public OperationAction(Definition def, ScenarioContext ctx, Action next) {
        super(def.requestName(), ctx, next);
        this.def = def;
    }

    @Override
    protected void run(Session session) {
        AgentSession agent = loggedIn(session);
        OperationName op = def.operation();
        Media media = null;
        if (def.media() != null) {
            String name = def.media().resolve(session);
            media = Media.fromName(name).orElseThrow(() -> new Expr.ExprException(def.media() + ": '" + name
                    + "' is not a media; use chat or sms"));
        }
        String interactionId = def.interactionId() == null ? null : def.interactionId().resolve(session);
        String userId = def.user() == null ? null : Targets.userId(components.runtime.directory,
                def.user().resolve(session));
        Operation operation = Operation.of(op);
        for (Map.Entry<String, Expr<?>> p : def.parameters().entrySet()) {
            operation = operation.with(p.getKey(), p.getValue().resolve(session));
        }
        Identity target = Identity.UNKNOWN;
        if (def.target() != null) {
            String ref = def.target().resolve(session);
            operation = Targets.apply(components.runtime.directory, operation, ref);
            target = Targets.identity(components.runtime.directory, ref);
            if ((op == OperationName.Invite || op == OperationName.Consult) && def.awaitNotification()
                    && target.equals(Identity.UNKNOWN)) {
                throw new Expr.ExprException(op.wireName() + " of '" + ref + "': its completion is the target joining, "
                        + "and this target cannot be recognised when it joins; invite an agent logged in through "
                        + "this load generator, or give its user URI");
            }
        }
        if (op == OperationName.Accept && !operation.parameters().containsKey("nickname")) {
            operation = operation.with("nickname", agent.credentials().nickname());
        }
        String path = ApiPaths.forOperation(op, media, interactionId, userId);
        Identity caller = agent.identity();
        Expectation expectation = def.awaitNotification()
                ? CompletionRules.of(op, media, interactionId, operation.parameters(), caller, target) : null;
        OperationSpec spec = def.spec(components.runtime.config, session, expectation, components.runtime.directory);
        io.gwsload.customer.CustomerRuntime customers = components.runtime.customersIfStarted();
        if (customers != null && op == OperationName.SendMessage
                && operation.parameters().get("text") instanceof String text) {
            customers.agentSent(interactionId, text, System.nanoTime()); // a customer who reads it is timed from here
        } else if (customers != null && (op == OperationName.Complete || op == OperationName.Leave
                || op == OperationName.Transfer)) {
            // a customer who waits for the end: from here
            customers.agentLeft(interactionId, System.nanoTime(), agent.credentials().isSupervisor() ? null
                    : agent.credentials().username());
        }
        // An agent of this run is in the chat from its Accept on (until it fails): one who can see the customer leave.
        // Not a supervisor: its copy of the chat can be revoked without a step of its own.
        // Only an Accept that put the agent in the chat may take it out again when it fails (not a repeat's).
        boolean joining = customers != null && op == OperationName.Accept && !agent.credentials().isSupervisor()
                && customers.agentJoining(interactionId, agent.credentials().username());
        if (def.expect()) {
            agent.expectationStarted();
            agent.execute(spec, path, operation, (OperationListener.Verdict) outcome -> {
                if (joining && !outcome.isOk()) {
                    customers.agentNotJoined(interactionId, agent.credentials().username());
                }
                boolean ok = recordOperation(session, outcome, null) == null;
                agent.expectationEnded(ok);
            });
            next.$bang(session);
        } else {
            agent.execute(spec, path, operation, (OperationListener.Verdict) outcome -> {
                if (joining && !outcome.isOk()) {
                    customers.agentNotJoined(interactionId, agent.credentials().username());
                }
                Session s = session;
                String checkFailure = null;
                if (outcome.isOk() && outcome.notification() != null) {
                    try {
                        NotificationChecks.Result checked = NotificationChecks.apply(def.checks(),
                                outcome.notification(), session);
                        s = checked.session();
                        checkFailure = checked.failure();
                    } catch (RuntimeException e) {
                        checkFailure = "the checks could not run: " + e; // still one verdict, and the user goes on
                    }
                }
                String failure = "its record failed";
                try {
                    failure = recordOperation(session, outcome, checkFailure);
                } finally {
                    proceed(s, failure != null, outcome.startNanos(), outcome.endNanos()); // the user always goes on
                }
            });
        }
    }
}
