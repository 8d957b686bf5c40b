package io.gwsload.api;

/**
 * A supervisor's {@code supervisorMonitoringMode} on Monitor, Coach and BargeIn (docs/gws-api.md §5): the
 * agent's next interaction only, or every one until CancelSupervisorMonitoring. GWS's default is AllChats.
 */
public enum MonitoringMode {
    NEXT_CHAT("NextChat"),
    ALL_CHATS("AllChats");

    private final String wire;

    MonitoringMode(String wire) {
        this.wire = wire;
    }

    /** The value GWS takes. */
    public String wire() {
        return wire;
    }
}
