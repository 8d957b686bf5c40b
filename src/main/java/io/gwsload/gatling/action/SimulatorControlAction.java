package io.gwsload.gatling.action;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.client.Failures;

/**
 * POSTs to the simulator's control endpoint ({@code /sim/...}), e.g. to change its knobs mid-run;
 * recorded as one request. A real GWS has no such endpoint: KO with that reason.
 */
public final class SimulatorControlAction extends GwsAction {
    private final String path;
    private final java.util.function.Function<Session, String> body;

    public SimulatorControlAction(String name, String path, String body, ScenarioContext ctx, Action next) {
        this(name, path, session -> body, ctx, next);
    }

    /** With a body built per virtual user (Gatling EL resolved). */
    public SimulatorControlAction(String name, String path, java.util.function.Function<Session, String> body,
            ScenarioContext ctx, Action next) {
        super(name, ctx, next);
        this.path = path;
        this.body = body;
    }

    @Override
    protected void run(Session session) {
        long start = System.nanoTime();
        components.runtime.client.postJson(path, body.apply(session)).whenComplete((answer, error) -> {
            long end = System.nanoTime();
            String failure = null;
            if (error != null) {
                failure = Failures.describe(error);
            } else if (answer.status() == 404) {
                failure = "the target has no " + path + ": this step needs the gws-load simulator";
            } else if (answer.status() != 200) {
                failure = "HTTP " + answer.status() + ": " + answer.snippet(160);
            }
            record(session, name, start, end, failure == null, failure);
            proceed(session, failure != null, start, end);
        });
    }
}
