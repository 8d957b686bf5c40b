package io.gwsload.report.run;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The heap warning: once when what survives collection passes 80 % of the maximum, again only after it fell back. */
class HeapWatchTest {
    private static final long MAX = 2048L << 20;

    @Test
    void warnsOnceAbove80PercentAndAgainOnlyAfterFallingBelow70() {
        GeneratorUsage.HeapWatch watch = new GeneratorUsage.HeapWatch();
        assertNull(watch.check(0, MAX), "no collection yet");
        assertNull(watch.check(MAX * 79 / 100, MAX));
        String warning = watch.check(MAX * 85 / 100, MAX);
        assertNotNull(warning);
        assertTrue(warning.contains("85 % full after garbage collection (1740 of 2048 MiB)")
                && warning.contains("-Dgwsload.heap"), warning);
        assertNull(watch.check(MAX * 90 / 100, MAX), "said once");
        assertNull(watch.check(MAX * 75 / 100, MAX), "not yet re-armed at 75 %");
        assertNull(watch.check(MAX * 85 / 100, MAX));
        assertNull(watch.check(MAX * 60 / 100, MAX), "re-armed below 70 %");
        assertNotNull(watch.check(MAX * 81 / 100, MAX), "and said again");
        assertNull(watch.check(MAX, -1), "no maximum: nothing to compare with");
    }
}
