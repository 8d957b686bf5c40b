package io.gwsload.simulator.model;

import java.util.Locale;
import java.util.Optional;

import io.gwsload.api.OperationName;

/** How a supervisor takes part: Monitor (silent), Coach (agents see), BargeIn (everyone sees). */
public enum SupervisorMode {
    Monitor(Visibility.Supervisors, OperationName.SwitchToMonitor),
    Coach(Visibility.Agents, OperationName.SwitchToCoach),
    BargeIn(Visibility.All, OperationName.SwitchToBargeIn);

    private final Visibility visibility;
    private final OperationName switchOperation;

    SupervisorMode(Visibility visibility, OperationName switchOperation) {
        this.visibility = visibility;
        this.switchOperation = switchOperation;
    }

    public Visibility visibility() {
        return visibility;
    }

    /** The capability / operation that switches to this mode. */
    public OperationName switchOperation() {
        return switchOperation;
    }

    /** The mode a Monitor / Coach / BargeIn / SwitchTo* operation asks for, if any. */
    public static Optional<SupervisorMode> of(OperationName op) {
        return switch (op) {
            case Monitor, SwitchToMonitor -> Optional.of(Monitor);
            case Coach, SwitchToCoach -> Optional.of(Coach);
            case BargeIn, SwitchToBargeIn -> Optional.of(BargeIn);
            default -> Optional.empty();
        };
    }

    /** Parses {@code supervisorVisibilityMode}, ignoring case. */
    public static Optional<SupervisorMode> fromWire(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (SupervisorMode m : values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
