package io.gwsload.gatling.runtime;

/**
 * The simple name of the simulation being built, found on the stack when the DSL is first used inside
 * a simulation's constructor; it names the results folder.
 */
public final class SimulationName {
    private static volatile String captured;

    private SimulationName() {
    }

    /** Looks for a Gatling simulation class on the calling stack and remembers it. */
    public static void capture() {
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(io.gatling.javaapi.core.Simulation.class::isAssignableFrom)
                .filter(c -> c != io.gatling.javaapi.core.Simulation.class)
                .findFirst())
                .ifPresent(c -> captured = c.getSimpleName());
    }

    private static volatile String customersIn;

    /** The simulation being built has customer steps: the run checks GMS before load. */
    public static void customersUsed() {
        capture();
        customersIn = current();
    }

    /** Whether the simulation being run built customer steps. */
    public static boolean hasCustomers() {
        String name = captured;
        return name != null && name.equals(customersIn);
    }

    private static volatile String smsIn;

    /** The simulation being built has SMS steps: the run starts its SMSC and waits for SMS Server before load. */
    public static void smsUsed() {
        capture();
        smsIn = current();
    }

    /** Whether the simulation being run built SMS steps. */
    public static boolean hasSms() {
        String name = captured;
        return name != null && name.equals(smsIn);
    }

    public static String current() {
        String name = captured;
        return name == null ? "gws-load" : name;
    }
}
