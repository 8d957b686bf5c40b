package io.gwsload.gatling.runtime;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * The file-descriptor ceiling, checked before load. Every agent holds a long-poll socket (and the
 * embedded simulator, in the same JVM, the other end of it); at the ceiling nothing works any more,
 * not even loading a class, so a run that would reach it is refused with one sentence instead.
 */
final class DescriptorLimit {
    /** Sockets for REST calls, the JVM's own jars and files, Gatling's writers. */
    static final int MARGIN = 512;

    private DescriptorLimit() {
    }

    /**
     * Refuses a run on the embedded simulator that cannot fit; warns for a real GWS, where the
     * credentials file may hold more agents than the simulation logs in.
     */
    static void check(int agents, boolean embeddedSimulator, PrintStream console) {
        long max = maxDescriptors();
        if (max <= 0) {
            return; // not a Unix JVM: nothing to read
        }
        long needed = (long) agents * (embeddedSimulator ? 2 : 1) + MARGIN;
        if (needed <= max) {
            return;
        }
        String sentence = "This JVM may open " + max + " files (ulimit -n) but " + agents + " agents need about "
                + needed + (embeddedSimulator ? " (a socket each on both sides, with the simulator in the same JVM)"
                        : " (a socket each)") + "; raise the limit with 'ulimit -n " + needed
                + "' in the shell that starts Maven, or run fewer agents.";
        if (embeddedSimulator) {
            throw new GwsSetupException(sentence);
        }
        console.println("gws-load: warning: " + sentence);
    }

    /** The process's descriptor limit, or -1 when the JVM cannot tell. */
    static long maxDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /**
     * Loads the classes the collector needs when operations end, while descriptors are free: at the
     * ceiling a class cannot be loaded from its jar and the timeout scan would fail on every pass.
     */
    static void preloadHotPath() {
        io.gwsload.collector.NotificationCollector.preloadEndingPath();
        io.gwsload.client.Failures.describe(new RuntimeException("preload"));
    }
}
