package io.gwsload.gatling.action;

import io.gwsload.gatling.runtime.AgentSession;
import io.gwsload.gatling.runtime.GwsRuntime;

import java.util.List;
import java.util.Optional;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.api.ApiPaths;
import io.gwsload.api.Media;
import io.gwsload.api.Operation;
import io.gwsload.api.OperationName;
import io.gwsload.client.AgentConnection;
import io.gwsload.client.Credentials;
import io.gwsload.client.Failures;
import io.gwsload.client.GwsClientException;
import io.gwsload.collector.tracker.AgentTracker;
import io.gwsload.collector.rules.CompletionRules;
import io.gwsload.collector.Identity;
import io.gwsload.collector.OperationListener;
import io.gwsload.collector.OperationSpec;

/**
 * Logs a virtual user in as one agent or supervisor (docs/gws-api.md §2): {@code GET /api/v2/me}, the
 * CometD handshake and subscriptions, then {@code StartContactCenterSession} on the configured
 * channels. Each step is its own request in the report: {@code <name> GET /me},
 * {@code <name> CometD}, and {@code <name> StartContactCenterSession} (with its HTTP timing).
 * The user's credentials come from the run's pool (by role) unless the step names the user.
 */
public final class LoginAction extends GwsAction {
    /** What the step was built with (by {@code LoginActionBuilder}). */
    public record Definition(String requestName, String role, Expr<String> username, Expr<String> password,
            List<Media> channels) {
    }

    private final Definition def;

    public LoginAction(Definition def, ScenarioContext ctx, Action next) {
        super(def.requestName(), ctx, next);
        this.def = def;
    }

    @Override
    protected void run(Session session) {
        if (agent(session) != null) {
            crash(session, "already logged in as " + agent(session).credentials().username()
                    + "; log out before logging in again");
            return;
        }
        GwsRuntime runtime = components.runtime;
        Credentials credentials;
        boolean pooled;
        if (def.password() != null) {
            credentials = new Credentials(def.username().resolve(session), def.password().resolve(session), def.role(),
                    null);
            pooled = false;
        } else {
            Optional<Credentials> borrowed = def.username() == null ? runtime.pool.borrow(def.role())
                    : runtime.pool.takeByName(def.username().resolve(session));
            if (borrowed.isEmpty()) {
                long now = System.nanoTime();
                String why = def.username() == null
                        ? "no free " + def.role() + " credentials: all " + runtime.pool.size(def.role())
                                + " are logged in (add users or lower the number of virtual users)"
                        : "user " + def.username().resolve(session) + " is unknown or already logged in";
                record(session, name + " GET /me", now, now, false, why);
                proceed(session, true, now, now);
                return;
            }
            credentials = borrowed.get();
            pooled = true;
        }
        AgentTracker tracker = runtime.collector.newTracker(credentials.username());
        AgentConnection connection = runtime.client.newAgent(credentials, tracker);
        AgentSession agent = new AgentSession(connection, tracker, pooled);
        long start = System.nanoTime();
        connection.login().whenComplete((user, loginError) -> {
            long loggedIn = System.nanoTime();
            if (loginError != null) {
                fail(session, agent, name + " GET /me", start, loggedIn, loginError);
                return;
            }
            record(session, name + " GET /me", start, loggedIn, true, null);
            runtime.directory.put(credentials.username(), user, credentials.nickname());
            connection.connect().whenComplete((ignored, connectError) -> {
                long connected = System.nanoTime();
                if (connectError != null) {
                    fail(session, agent, name + " CometD", loggedIn, connected, connectError);
                    return;
                }
                record(session, name + " CometD", loggedIn, connected, true, null);
                startContactCenterSession(session, agent, start);
            });
        });
    }

    private void startContactCenterSession(Session session, AgentSession agent, long loginStart) {
        GwsRuntime runtime = components.runtime;
        List<Media> channels = def.channels() != null ? def.channels() : runtime.config.channels();
        Operation op = Operation.of(OperationName.StartContactCenterSession)
                .with("channels", channels.stream().map(Media::channelName).toList());
        OperationSpec spec = OperationSpec.awaiting(name + " session", runtime.config.operationTimeout())
                .expecting(CompletionRules.of(OperationName.StartContactCenterSession, null, null, op.parameters(),
                        Identity.UNKNOWN, Identity.UNKNOWN));
        agent.execute(spec, ApiPaths.ME, op, (OperationListener.Verdict) outcome -> {
            if (recordOperation(session, outcome, null) != null) {
                release(agent);
                proceed(session, true, loginStart, outcome.endNanos());
                return;
            }
            runtime.register(agent);
            proceed(session.set(AgentSession.KEY, agent).set(AgentSession.USERNAME, agent.credentials().username()), false,
                    loginStart, outcome.endNanos());
        });
    }

    private void fail(Session session, AgentSession agent, String request, long start, long end, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String message = cause instanceof GwsClientException ? cause.getMessage() : Failures.describe(cause);
        record(session, request, start, end, false, message);
        release(agent);
        proceed(session, true, start, end);
    }

    private void release(AgentSession agent) {
        components.runtime.release(agent);
    }
}
