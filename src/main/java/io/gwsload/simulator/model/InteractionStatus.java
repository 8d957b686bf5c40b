package io.gwsload.simulator.model;

/** Where an interaction is in its life: waiting for routing, with agents, or over. */
public enum InteractionStatus {
    QUEUED,
    ACTIVE,
    ENDED
}
