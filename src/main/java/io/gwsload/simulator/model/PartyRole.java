package io.gwsload.simulator.model;

/** Why an agent-side participant is in an interaction; decides what its Accept / Reject does. */
public enum PartyRole {
    /** Offered by routing. */
    ROUTED,
    /** Invited to a conference ({@code Invite}). */
    CONFERENCE,
    /** Invited to consult ({@code Consult}); sees and is seen by agents only. */
    CONSULT,
    /** Target of a transfer to a user ({@code Transfer}). */
    TRANSFER,
    /** A supervisor (monitoring offer or {@code Intrude}). */
    SUPERVISOR
}
