package io.gwsload.gatling.runtime;

import java.util.function.Consumer;

import io.gwsload.api.Operation;
import io.gwsload.client.AgentConnection;
import io.gwsload.client.Credentials;
import io.gwsload.collector.tracker.AgentTracker;
import io.gwsload.collector.Identity;
import io.gwsload.collector.OperationListener;
import io.gwsload.collector.OperationSpec;

/**
 * What a virtual user logged in as: its connection, and the operations it started with
 * {@code expect()} that {@code waitForNotifications()} waits for. Kept in the Gatling session under
 * {@link #KEY}.
 */
public final class AgentSession {
    /** The session attribute holding the logged-in user's name (GwsDsl.USERNAME). */
    public static final String USERNAME = "gwsUsername";

    public static final String KEY = "gwsload.agent";

    private final AgentConnection connection;
    private final AgentTracker tracker;
    private final boolean pooled;
    // guarded by this
    private int outstanding;
    private boolean anyFailed;
    private Consumer<Boolean> whenAllEnded;

    public AgentSession(AgentConnection connection, AgentTracker tracker, boolean pooled) {
        this.connection = connection;
        this.tracker = tracker;
        this.pooled = pooled;
    }

    public AgentConnection connection() {
        return connection;
    }

    /** The collector's correlation state of this agent. */
    public AgentTracker tracker() {
        return tracker;
    }

    /** Registers the operation with the collector, then POSTs it. */
    public void execute(OperationSpec spec, String path, Operation operation, OperationListener.Verdict listener) {
        tracker.execute(connection, spec, path, operation, listener);
    }

    public Credentials credentials() {
        return connection.credentials();
    }

    /** The nickname this agent joins interactions with. */
    public String nickname() {
        return connection.credentials().nickname();
    }

    /** Who this agent is in participant lists: its GWS user id (once logged in) and nickname. */
    public Identity identity() {
        return new Identity(connection.user() == null ? null : connection.user().id(), nickname());
    }

    /** Whether the credentials came from the run's pool (and go back to it at logout). */
    boolean pooled() {
        return pooled;
    }

    public synchronized void expectationStarted() {
        outstanding++;
    }

    public void expectationEnded(boolean ok) {
        Consumer<Boolean> resume = null;
        boolean failed;
        synchronized (this) {
            outstanding--;
            anyFailed |= !ok;
            failed = anyFailed;
            if (outstanding == 0 && whenAllEnded != null) {
                resume = whenAllEnded;
                whenAllEnded = null;
                anyFailed = false;
            }
        }
        if (resume != null) {
            resume.accept(failed);
        }
    }

    /**
     * Calls {@code resume} (with whether any expectation failed) once every expectation started so far
     * has ended: at once if none is outstanding.
     */
    public void whenAllEnded(Consumer<Boolean> resume) {
        boolean failed;
        synchronized (this) {
            if (outstanding > 0) {
                whenAllEnded = resume;
                return;
            }
            failed = anyFailed;
            anyFailed = false;
        }
        resume.accept(failed);
    }

    @Override
    public String toString() {
        return "AgentSession[" + connection.username() + "]";
    }
}
