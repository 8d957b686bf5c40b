package io.gwsload.simulator;

/**
 * Who can see a participant or a transcript entry (gws-api.md §6): everyone, the agent side only
 * (consultants, coaching supervisors, {@code SendToAgents}), or supervisors only (silent monitoring).
 */
enum Visibility {
    All,
    Agents,
    Supervisors;

    /** Whether a viewer on the agent side (a monitoring supervisor or not) sees this. */
    boolean visibleTo(boolean viewerIsSupervisor) {
        return this != Supervisors || viewerIsSupervisor;
    }
}
