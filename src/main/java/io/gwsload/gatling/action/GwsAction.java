package io.gwsload.gatling.action;

import io.gwsload.gatling.runtime.AgentSession;
import io.gwsload.gatling.runtime.GwsComponents;
import io.gwsload.gatling.runtime.GwsProtocol;

import com.typesafe.scalalogging.Logger;

import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.commons.util.Clock;
import io.gatling.core.action.Action;
import io.gatling.core.action.BlockExit;
import io.gatling.core.controller.throttle.Throttler;
import io.gatling.core.actor.ActorRef;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gwsload.collector.KoMessages;
import io.gwsload.collector.books.LatencyStats;
import io.gwsload.collector.tracker.OperationOutcome;
import io.gwsload.collector.OperationSpec;
import io.gwsload.collector.Outcome;
import io.gwsload.collector.WaitOutcome;
import scala.Option;
import scala.runtime.BoxedUnit;

/**
 * What every gws-load action shares. Java cannot implement Gatling's {@code ExitableAction} or
 * {@code RequestAction} traits (their super accessors are synthetic), so this implements
 * {@link Action} and does by hand what those traits do: leave the block when {@code exitBlockOnFail}
 * or {@code tryMax} says so, report a crash and move on, and route through the throttler when the
 * scenario is throttled.
 *
 * <p>{@link #run} executes on the virtual user's event loop and must not block. Subclasses end the
 * step exactly once with {@link #proceed}, from whatever thread the outcome arrives on: Gatling's
 * {@code !} moves it back onto the event loop.
 */
public abstract class GwsAction implements Action {
    protected final String name;
    protected final GwsComponents components;
    protected final StatsEngine statsEngine;
    protected final Clock clock;
    protected final Action next;
    private final Option<ActorRef<Throttler.Command>> throttler;
    private Logger logger = Logger.apply(getClass());

    public GwsAction(String name, ScenarioContext ctx, Action next) {
        this.name = name;
        this.components = ctx.protocolComponentsRegistry().components(GwsProtocol.KEY);
        this.statsEngine = ctx.coreComponents().statsEngine();
        this.clock = ctx.coreComponents().clock();
        this.next = next;
        this.throttler = ctx.throttled() ? ctx.coreComponents().throttler() : Option.empty();
    }

    /** Starts the step; never blocks. */
    protected abstract void run(Session session);

    @Override
    public final void execute(Session session) {
        components.runtime.acted();
        Option<BlockExit> exit = BlockExit.mustExit(session);
        if (exit.isDefined()) {
            exit.get().exitBlock(statsEngine, clock.nowMillis());
            return;
        }
        if (throttler.isDefined()) {
            throttler.get().$bang(ThrottledRequests.of(session.scenario(), () -> {
                safely(session);
                return BoxedUnit.UNIT;
            }));
        } else {
            safely(session);
        }
    }

    private void safely(Session session) {
        try {
            run(session);
        } catch (Expr.ExprException e) {
            crash(session, "cannot resolve " + e.getMessage());
        } catch (StepNotPossible e) {
            crash(session, e.getMessage());
        } catch (RuntimeException e) {
            logger.underlying().error("'{}' crashed; the virtual user goes on, marked as failed", name, e);
            crash(session, e.toString());
        }
    }

    /**
     * The step could not even be built for this user (an attribute that does not resolve, a bad value, not
     * logged in): a KO request under the step's name, in Gatling's results and in gws-load's books alike, so
     * that an assertion on failed requests catches it. Then move on, failed.
     */
    protected void crash(Session session, String error) {
        long now = System.nanoTime();
        components.runtime.collector.accounting().registered();
        components.runtime.collector.accounting().ended(Outcome.NOT_BUILT);
        record(session, name, now, now, Outcome.NOT_BUILT, "step not built: " + error);
        next.$bang(session.markAsFailed());
    }

    /**
     * A request the collector does not see (login steps, simulator control, rendezvous): recorded once, in
     * Gatling's stats and gws-load's histograms alike. {@code ko} is null when OK, else the KO reason.
     */
    protected void record(Session session, String requestName, long startNanos, long endNanos, Outcome ko,
            String message) {
        LatencyStats stats = components.runtime.collector.latencies().stats(requestName);
        if (ko == null) {
            stats.recordOk((endNanos - startNanos) / 1_000, null);
        } else {
            stats.recordKo(ko, message);
        }
        gatling(session, requestName, startNanos, endNanos, ko == null, message);
    }

    /** As {@link #record(Session, String, long, long, Outcome, String)}, a failure read as an HTTP failure. */
    protected void record(Session session, String requestName, long startNanos, long endNanos, boolean ok,
            String message) {
        record(session, requestName, startNanos, endNanos, ok ? null : Outcome.HTTP_FAILURE, message);
    }

    /** Writes one request into Gatling's stats, converting nanosecond timings to Gatling's clock. */
    private void gatling(Session session, String requestName, long startNanos, long endNanos, boolean ok,
            String message) {
        gatling(session.scenario(), session.groups(), requestName, startNanos, endNanos, ok, message);
    }

    private void gatling(String scenario, scala.collection.immutable.List<String> groups, String requestName,
            long startNanos, long endNanos, boolean ok, String message) {
        long start = components.clock.toMillis(startNanos);
        long end = Math.max(start, components.clock.toMillis(endNanos));
        statsEngine.logResponse(scenario, groups, requestName, start, end,
                ok ? OK$.MODULE$ : KO$.MODULE$, Option.empty(),
                ok ? Option.empty() : Option.apply(KoMessages.grouped(message)));
    }

    /**
     * Records an operation's verdict (its outcome, KO "check failed" when {@code checkFailure} is given)
     * once: into gws-load's books and histograms, and the same verdict into Gatling's stats as
     * {@code <name> HTTP} and, when a notification was awaited, {@code <name>} (for a completion held for
     * attribution, when the hold ends, with its final time). Returns the failure message, or null when all is OK.
     */
    protected String recordOperation(Session session, OperationOutcome outcome, String checkFailure) {
        // Not the session: a completion held for attribution keeps this sink for as long as its hold.
        String scenario = session.scenario();
        scala.collection.immutable.List<String> groups = session.groups();
        String failure = outcome.record(checkFailure, (o, why) -> {
            OperationSpec spec = o.spec();
            boolean answered = o.httpEndNanos() != OperationOutcome.NONE;
            boolean httpOk = o.httpOk();
            gatling(scenario, groups, spec.httpName(), o.startNanos(), answered ? o.httpEndNanos() : o.endNanos(),
                    httpOk, httpOk ? null : o.message());
            if (spec.awaitNotification()) {
                gatling(scenario, groups, spec.notifiedName(), o.startNanos(), o.endNanos(), why == null, why);
            }
        });
        if (!outcome.spec().awaitNotification()) {
            return outcome.httpOk() ? null : outcome.message();
        }
        return failure;
    }

    /**
     * Records a wait's verdict once. A wait measures how long something the target does not cause took to come
     * (a customer, an offer): an OK one goes to gws-load's waits only, so that Gatling's global response times
     * describe the target; a failed one is a KO in Gatling too. An optional wait that nothing filled is recorded
     * nowhere (it is counted as idle). Returns the failure message, or null.
     */
    protected String recordWait(Session session, WaitOutcome outcome, String checkFailure) {
        String failure = outcome.record(checkFailure);
        if (!outcome.idle() && failure != null) {
            gatling(session, outcome.spec().name(), outcome.startNanos(), outcome.endNanos(), failure == null, failure);
        }
        return failure;
    }

    /** Ends the step: hands the (possibly failed) session to the next action, with group timings. */
    protected void proceed(Session session, boolean failed, long startNanos, long endNanos) {
        Session s = session.logGroupRequestTimings(components.clock.toMillis(startNanos),
                Math.max(components.clock.toMillis(startNanos), components.clock.toMillis(endNanos)));
        next.$bang(failed ? s.markAsFailed() : s);
    }

    /** The logged-in agent of this virtual user; the step crashes with one line when there is none. */
    protected AgentSession loggedIn(Session session) {
        AgentSession agent = agent(session);
        if (agent == null) {
            throw new StepNotPossible("not logged in: " + name + " needs gws(...).login() first");
        }
        return agent;
    }

    /** A step whose precondition does not hold for this user (not logged in, no chat): a crash with one sentence. */
    protected static final class StepNotPossible extends RuntimeException {
        StepNotPossible(String message) {
            super(message, null, false, false);
        }
    }

    /** The logged-in agent of this virtual user, or null. */
    protected static AgentSession agent(Session session) {
        Option<Object> value = session.attributes().get(AgentSession.KEY);
        return value.isDefined() && value.get() instanceof AgentSession a ? a : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Logger logger() {
        return logger;
    }

    @Override
    public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger l) {
        logger = l;
    }
}
