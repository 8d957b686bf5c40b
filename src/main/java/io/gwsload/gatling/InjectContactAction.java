package io.gwsload.gatling;

import java.util.Map;

import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.api.Json;
import io.gwsload.api.Media;
import io.gwsload.client.Failures;

/**
 * Makes a customer contact arrive at the simulator ({@code POST /sim/contacts}): how simulations turn an
 * open arrival rate of Gatling users into routed chats and SMS sessions. Needs the embedded or a
 * standalone simulator; a real GWS has no such endpoint (its customers are real traffic), which is
 * reported as KO with that reason.
 */
final class InjectContactAction extends GwsAction {
    private final Media media;
    private final Expr<String> agent;

    InjectContactAction(String name, Media media, Expr<String> agent, ScenarioContext ctx, Action next) {
        super(name, ctx, next);
        this.media = media;
        this.agent = agent;
    }

    @Override
    protected void run(Session session) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("media", media.shortName());
        body.put("count", 1);
        if (agent != null) {
            body.put("agent", agent.resolve(session));
        }
        long start = System.nanoTime();
        components.runtime.client.postJson("/sim/contacts", Json.write(body)).whenComplete((answer, error) -> {
            long end = System.nanoTime();
            String failure = null;
            if (error != null) {
                failure = Failures.describe(error);
            } else if (answer.status() == 404) {
                failure = "the target has no /sim/contacts: injectContact needs the gws-load simulator";
            } else if (answer.status() != 200) {
                failure = "HTTP " + answer.status() + ": " + answer.snippet(120);
            }
            record(session, name, start, end, failure == null, failure);
            proceed(session, failure != null, start, end);
        });
    }
}
