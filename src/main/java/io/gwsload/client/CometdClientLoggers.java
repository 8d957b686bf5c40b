package io.gwsload.client;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

import org.cometd.client.BayeuxClient;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps CometD's per-client loggers out of logback's tree. A {@link BayeuxClient} names a logger after itself
 * ({@code org.cometd.client.BayeuxClient.<identity hash>}), and logback keeps every logger it ever made: it finds a new
 * one's place by a linear search of its parent's children, under the parent's lock, and copies the children's array to
 * add it. With thousands of agents, and a new client for every login again, each client cost more than the one before,
 * serialised the logins, and stayed in memory after the client had gone (a profile of 3,000 logins put logback's
 * search at 5.6 % of the generator's samples). Each client's logger is taken out of the tree as soon as the client
 * exists: the client keeps its logger, at the level its ancestors had when it was made, and both are collected
 * together. A level changed afterwards (over JMX, by a reloaded configuration, in code) no longer reaches it; its lines
 * still go to the ancestors' appenders.
 *
 * <p>Logback has no API for this: it is done by reflection on its two private collections, and does nothing (but work
 * as before) where the logging back end is not logback or they are not found.
 */
public final class CometdClientLoggers {
    private static final Class<?> CONTEXT;
    private static final Field CHILDREN;
    private static final Field CACHE;

    static {
        Class<?> context = null;
        Field children = null;
        Field cache = null;
        try {
            context = Class.forName("ch.qos.logback.classic.LoggerContext");
            cache = context.getDeclaredField("loggerCache");
            children = Class.forName("ch.qos.logback.classic.Logger").getDeclaredField("childrenList");
            cache.setAccessible(true);
            children.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            context = null; // another back end, or another logback: leave the loggers where they are
        }
        CONTEXT = context;
        CHILDREN = children;
        CACHE = cache;
    }

    private CometdClientLoggers() {
    }

    /** Whether loggers are detached here (logback, as expected). */
    public static boolean active() {
        return CONTEXT != null && CONTEXT.isInstance(LoggerFactory.getILoggerFactory());
    }

    /** Takes {@code client}'s own logger out of logback's tree; call it right after the client is made. */
    public static void detach(BayeuxClient client) {
        if (CONTEXT == null) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!CONTEXT.isInstance(factory)) {
            return;
        }
        // As BayeuxClient names it: after the client's own class (a subclass's, if one is made).
        String parentName = client.getClass().getName();
        String name = parentName + "." + Integer.toHexString(System.identityHashCode(client));
        Object parent = factory.getLogger(parentName);
        try {
            // The parent's lock is the one logback holds while it searches and adds children.
            synchronized (parent) {
                Map<?, ?> cache = (Map<?, ?>) CACHE.get(factory);
                Object own = cache.get(name);
                if (own == null) {
                    return;
                }
                ((List<?>) CHILDREN.get(parent)).remove(own);
                cache.remove(name);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // left in the tree: as without this class
        }
    }
}
