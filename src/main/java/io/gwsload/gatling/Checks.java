package io.gwsload.gatling;

import java.util.List;

import io.gatling.core.session.Session;
import io.gwsload.api.Notification;

/** Applies a list of checks in order; the first failure wins. */
final class Checks {
    private Checks() {
    }

    /** The session with every saved value, or {@link NotificationCheck.Failed}. */
    static Session apply(List<NotificationCheck> checks, Notification n, Session session) {
        Session s = session;
        for (NotificationCheck check : checks) {
            s = check.apply(n, s);
        }
        return s;
    }
}
