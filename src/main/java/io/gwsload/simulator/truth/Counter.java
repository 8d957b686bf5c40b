package io.gwsload.simulator.truth;

/** The simulator's ground-truth counters, named as in {@code GET /sim/stats}. */
public enum Counter {
    /** Every request under /api/v2 (not CometD). */
    requests,
    /** Operations accepted (statusCode 0 or 7), including those that end in an Error notification. */
    operationsOk,
    /** HTTP 401 answers: bad or no credentials (gws-load's preflight asks for the version without any: one per run). */
    http401,
    /** HTTP 403 answers: a missing or wrong CSRF token. */
    http403,
    /** HTTP 503 answers of the {@code http503Rate} fault. */
    http503,
    /** Notification copies handed to CometD (one per user and copy). */
    notificationsPublished,
    notificationsDropped,
    notificationsDuplicated,
    notificationsDelayed,
    notificationsReordered,
    /** MessageLogUpdated notifications merged into another one (knob batchMessageLogsMs). */
    notificationsBatched,
    /** Notifications replaced by a malformed one (knob malformedRate). */
    notificationsMalformed,
    /** Notifications for a user with no CometD session at that moment (lost). */
    notificationsUndeliverable,
    /** Error notifications built (injected by errorRate, or failed invitations). */
    errorNotifications,
    forcedDisconnects,
    /**
     * Agents whose CometD session was forced off and that have handshaken again since (one per agent however many of
     * its sessions were forced off before it came back).
     */
    forcedAgentsBack,
    /** CometD handshakes accepted (peak per second and the last one's time: {@code sessions}). */
    handshakes,
    /** CometD handshakes refused (no live HTTP session, or credentials of another user). */
    handshakesRefused,
    contactsArrived,
    /** Offers made by routing (re-routes included). */
    contactsRouted,
    contactsAbandoned,
    /** Every offer (routed, conference, consult, transfer, supervisor). */
    offers,
    offerTimeouts,
    rejects,
    /** Interactions ended (no agent left chatting). */
    interactionsCompleted,
    /** HTTP sessions expired: for idleness, or ended by {@code POST /sim/expire}. */
    sessionsExpired,
    /** GMS Chat API requests (every call under /genesys/2/chat). */
    gmsRequests,
    /** GMS chats opened (Request Chat answered statusCode 0). */
    gmsChatsOpened,
    /** GMS calls answered statusCode 1 or 2 (refused, unknown chat, bad key, ended chat). */
    gmsErrors,
    /** GMS calls that carried an alias older than the latest one the chat's replies gave. */
    gmsStaleAlias,
    /** GMS customers dropped for making no request within flexDisconnectTimeoutMs. */
    gmsFlexDisconnects,
    /** Customers' SMS the SMS Server stand-in received ({@code deliver_sm}). */
    smsReceived,
    /** SMS sessions those opened (a number with no session in progress). */
    smsSessionsOpened,
    /** Agents' messages the SMS Server stand-in sent to customers ({@code submit_sm} answered). */
    smsSent,
    /** Agents' messages it could not send (refused, unanswered, or not bound). */
    smsSendFailures,
    /** Operation POSTs given a worker (knob workers &gt; 0). */
    capacityAdmitted,
    /** Of those, the ones that waited for a worker. */
    capacityWaited,
    /** Operation POSTs refused because queueLimit operations were waiting. */
    capacityRejected,
    /** Service time of the admitted operations, µs: with the period and workers, the utilisation. */
    capacityBusyMicros
}
