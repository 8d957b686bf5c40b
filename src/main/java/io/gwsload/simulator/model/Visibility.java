package io.gwsload.simulator.model;

/**
 * Who can see a participant or a transcript entry (docs/gws-api.md §6): everyone, the agent side only
 * (consultants, coaching supervisors, {@code SendToAgents}), or supervisors only (silent monitoring).
 */
public enum Visibility {
    All,
    Agents,
    Supervisors;

    /** Whether a viewer on the agent side (a monitoring supervisor or not) sees this. */
    public boolean visibleTo(boolean viewerIsSupervisor) {
        return this != Supervisors || viewerIsSupervisor;
    }
}
