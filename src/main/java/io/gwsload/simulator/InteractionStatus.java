package io.gwsload.simulator;

/** Where an interaction is in its life: waiting for routing, with agents, or over. */
enum InteractionStatus {
    QUEUED,
    ACTIVE,
    ENDED
}
