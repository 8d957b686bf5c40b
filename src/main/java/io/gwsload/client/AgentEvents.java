package io.gwsload.client;

import io.gwsload.api.Notification;

/**
 * What an {@link AgentConnection} reports about its sessions, to whoever it is given to (the notification
 * collector in a run). Called on CometD and HTTP client threads: implementations must not block.
 */
public interface AgentEvents {
    /** A notification for this agent, {@code nanos} taken on the receiving thread before any hand-off. */
    void onNotification(Notification notification, long nanos);

    /** The CometD session was lost and a new one made; {@code reason} names the old session (for logs). */
    void onSessionLost(String reason);

    /** GWS gave the agent a new HTTP session (a new {@code JSESSIONID}): its referenceIds restart. */
    void onHttpSessionChanged();

    /** Events that go nowhere: for a connection that only checks a login. */
    AgentEvents NONE = new AgentEvents() {
        @Override
        public void onNotification(Notification notification, long nanos) {
        }

        @Override
        public void onSessionLost(String reason) {
        }

        @Override
        public void onHttpSessionChanged() {
        }
    };
}
