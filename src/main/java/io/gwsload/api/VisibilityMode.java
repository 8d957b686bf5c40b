package io.gwsload.api;

/**
 * How a supervisor takes part once in an interaction ({@code supervisorVisibilityMode} of Intrude,
 * docs/gws-api.md §5): seen by other supervisors only (Monitor), by agents (Coach), by everyone (BargeIn).
 */
public enum VisibilityMode {
    MONITOR("Monitor"),
    COACH("Coach"),
    BARGE_IN("BargeIn");

    private final String wire;

    VisibilityMode(String wire) {
        this.wire = wire;
    }

    /** The value GWS takes. */
    public String wire() {
        return wire;
    }
}
