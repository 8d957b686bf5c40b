package io.gwsload.gatling.action;

import io.gwsload.api.Operation;
import io.gwsload.client.UserDirectory;
import io.gwsload.collector.Identity;

/**
 * Resolves the agents a scenario names. A scenario says "invite agent0042" or "monitor agent0007";
 * GWS wants a user URI, path or id. A username is looked up among the users logged in through this
 * load generator; a URI ({@code http...}) or path ({@code /users/...}) is used as given.
 */
public final class Targets {
    private Targets() {
    }

    /** The user id for a supervisor operation's URL. */
    static String userId(UserDirectory directory, String ref) {
        var user = directory.find(ref);
        if (user.isPresent()) {
            return user.get().id();
        }
        if (ref.startsWith("http") || ref.contains("/users/")) {
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
        if (ref.matches("[0-9a-fA-F]{16,}")) {
            return ref;
        }
        throw new Expr.ExprException("agent '" + ref + "': not logged in through this load generator; "
                + "give its user id or URI instead");
    }

    /** Sets {@code targetUri} or {@code targetPath} of an Invite, Consult or Transfer. */
    static Operation apply(UserDirectory directory, Operation operation, String ref) {
        if (ref.startsWith("http")) {
            return operation.with("targetUri", ref);
        }
        if (ref.startsWith("/")) {
            return operation.with("targetPath", ref);
        }
        var user = directory.find(ref).orElseThrow(() -> new Expr.ExprException("agent '" + ref
                + "': not logged in through this load generator; give its URI or /users/{id} path instead"));
        return user.uri() != null ? operation.with("targetUri", user.uri()) : operation.with("targetPath", user.path());
    }

    /**
     * As {@link #identity}, for a step that must recognise the agent: one that cannot be told (not logged in
     * through this generator, and not a URI or path) fails the step with one sentence instead of a wait that
     * can only time out.
     */
    public static Identity knownIdentity(UserDirectory directory, String ref) {
        Identity identity = identity(directory, ref);
        if (identity.userId() == null && identity.nickname() == null) {
            throw new Expr.ExprException("agent '" + ref + "': not logged in through this load generator; "
                    + "give its user URI or /users/{id} path instead");
        }
        return identity;
    }

    /** Who a target is, for recognising it when it joins: its user id and, if known, its nickname. */
    public static Identity identity(UserDirectory directory, String ref) {
        var user = directory.find(ref);
        if (user.isPresent()) {
            return new Identity(user.get().id(), directory.nickname(ref).orElse(null));
        }
        if (ref.startsWith("http") || ref.contains("/users/")) {
            return new Identity(ref.substring(ref.lastIndexOf('/') + 1), null);
        }
        return Identity.UNKNOWN; // a queue, or a path GWS resolves
    }
}
