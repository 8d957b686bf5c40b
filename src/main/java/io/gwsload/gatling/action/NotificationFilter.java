package io.gwsload.gatling.action;

import java.util.function.Predicate;

import io.gatling.core.session.Session;
import io.gwsload.api.Notification;
import io.gwsload.client.UserDirectory;

/**
 * What an action needs of a wait's or an operation's notification matcher: the test, resolved per
 * virtual user, and a description for messages (its EL left unresolved so that timeouts group).
 */
public interface NotificationFilter {
    /** The test for this virtual user; {@code directory} names the agents logged in through this generator. */
    Predicate<Notification> resolve(Session session, UserDirectory directory);

    String description();
}
