package io.gwsload.gatling.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The file-descriptor ceiling is checked before load, in one sentence. */
class DescriptorLimitTest {

    @Test
    void moreAgentsThanTheLimitAllowsAreRefusedOnTheSimulatorAndWarnedAboutOnARealGws() {
        long max = DescriptorLimit.maxDescriptors();
        assumeTrue(max > 0, "a Unix JVM tells its limit");
        int agents = (int) Math.min(Integer.MAX_VALUE, max); // two sockets each with the simulator: over
        GwsSetupException refused = assertThrows(GwsSetupException.class,
                () -> DescriptorLimit.check(agents, true, System.out));
        assertTrue(refused.getMessage().startsWith("This JVM may open " + max + " files (ulimit -n) but " + agents
                + " agents need about "), refused.getMessage());
        assertTrue(refused.getMessage().contains("ulimit -n " + (2L * agents + DescriptorLimit.MARGIN)));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DescriptorLimit.check(agents, false, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("gws-load: warning: This JVM may open"));

        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        DescriptorLimit.check(1, true, new PrintStream(quiet, true, StandardCharsets.UTF_8));
        assertEquals("", quiet.toString(StandardCharsets.UTF_8), "one agent fits");
    }
}
