package io.gwsload.gatling.runtime;

import java.lang.reflect.Field;
import java.time.Duration;

import io.gatling.core.CoreComponents;
import io.gatling.core.scenario.SimulationParams;

/**
 * The run's maximum duration as Gatling's controller holds it (the simulation's {@code maxDuration} or the end
 * of its throttles, whichever comes first). Gatling stops taking records the moment it is reached and offers
 * no hook before that, so gws-load ends what is still pending a little earlier, while its outcomes can still
 * reach {@code simulation.log}. Read by reflection from the controller, which is not public API: null when
 * this Gatling keeps it elsewhere (then pending operations end after the stats engine, as a last resort).
 */
final class MaxDuration {
    private MaxDuration() {
    }

    static Duration of(CoreComponents core) {
        try {
            Object ref = core.controller();
            Object controller = field(ref, "actor");
            SimulationParams params = (SimulationParams) field(controller, "simulationParams");
            scala.Option<scala.concurrent.duration.FiniteDuration> max = params.maxDuration();
            return max.isDefined() ? Duration.ofNanos(max.get().toNanos()) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
