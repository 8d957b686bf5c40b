package io.gwsload.client;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The users a run may log in, handed out so that no two virtual users log in the same user at once:
 * {@link #borrow} takes a free one of a role, {@link #release} gives it back at logout.
 */
public final class CredentialsPool {
    private final ConcurrentLinkedDeque<Credentials> agents = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Credentials> supervisors = new ConcurrentLinkedDeque<>();
    private final int agentCount;
    private final int supervisorCount;

    public CredentialsPool(List<Credentials> all) {
        for (Credentials c : all) {
            (c.isSupervisor() ? supervisors : agents).addLast(c);
        }
        agentCount = agents.size();
        supervisorCount = supervisors.size();
    }

    /** A free user of the role ({@code agent} or {@code supervisor}), or empty when all are in use. */
    public Optional<Credentials> borrow(String role) {
        return Optional.ofNullable(("supervisor".equals(role) ? supervisors : agents).pollFirst());
    }

    /** Takes a named user out of the pool; empty if it is unknown or in use. */
    public Optional<Credentials> takeByName(String username) {
        for (ConcurrentLinkedDeque<Credentials> deque : List.of(agents, supervisors)) {
            for (Credentials c : deque) {
                if (c.username().equals(username) && deque.remove(c)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    public void release(Credentials credentials) {
        (credentials.isSupervisor() ? supervisors : agents).addLast(credentials);
    }

    public int size(String role) {
        return "supervisor".equals(role) ? supervisorCount : agentCount;
    }
}
