package io.gwsload.gatling.action;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import io.gatling.core.controller.throttle.Throttler;
import scala.Function0;
import scala.runtime.BoxedUnit;

/**
 * Builds Gatling's {@code Throttler.Command.ThrottledRequest}. javac cannot name that Scala case class
 * (it is nested in a companion object), so its constructor is looked up once by name.
 */
final class ThrottledRequests {
    private static final MethodHandle CONSTRUCTOR;

    static {
        try {
            Class<?> type = Class.forName("io.gatling.core.controller.throttle.Throttler$Command$ThrottledRequest");
            CONSTRUCTOR = MethodHandles.publicLookup().findConstructor(type,
                    MethodType.methodType(void.class, String.class, Function0.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("This Gatling version has no ThrottledRequest: " + e);
        }
    }

    private ThrottledRequests() {
    }

    static Throttler.Command of(String scenario, Function0<BoxedUnit> request) {
        try {
            return (Throttler.Command) CONSTRUCTOR.invoke(scenario, request);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
