package io.gwsload.gatling.runtime;

import io.gatling.core.CoreComponents;
import io.gatling.core.protocol.ProtocolComponents;
import io.gatling.core.session.Session;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * The started run as Gatling sees it: the {@link GwsRuntime}, the bridge from our nanosecond timings
 * to Gatling's clock, and the per-user exit hook that returns an agent nobody logged out.
 */
public final class GwsComponents implements ProtocolComponents {
    public final GwsRuntime runtime;
    public final ClockBridge clock;

    private GwsComponents(GwsRuntime runtime, ClockBridge clock) {
        this.runtime = runtime;
        this.clock = clock;
    }

    static GwsComponents start(GwsProtocol protocol, CoreComponents core) {
        GwsRuntime runtime;
        try {
            runtime = GwsRuntime.start(protocol.config, protocol.runName, System.out);
        } catch (GwsSetupException e) {
            throw GwsSetupException.reported(e.getMessage(), e.getCause());
        }
        java.time.Duration max = MaxDuration.of(core);
        if (max != null) {
            runtime.endBefore(max);
        }
        // Gatling closes its actor system after the last virtual user and before building the report.
        core.actorSystem().registerOnTermination(() -> {
            runtime.close();
            return BoxedUnit.UNIT;
        });
        return new GwsComponents(runtime, new ClockBridge(core.clock()));
    }

    @Override
    public Function1<Session, Session> onStart() {
        return session -> session;
    }

    /** A virtual user that ends still logged in (maxDuration, an error before logout) gives its agent back. */
    @Override
    public Function1<Session, BoxedUnit> onExit() {
        return session -> {
            if (session.attributes().get(AgentSession.KEY) instanceof scala.Some<?> some
                    && some.value() instanceof AgentSession agent) {
                agent.tracker().userEnded();
                runtime.release(agent);
            }
            return BoxedUnit.UNIT;
        };
    }
}
