package io.gwsload.report.run;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The heap warning: once when what survives collection passes 80 % of the maximum, again only after it fell back;
 * and the figure it reads, the heap in use after a collection, on the collector this JVM runs (G1 under surefire).
 */
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

    @Test
    void theHeapInUseAfterACollectionIncludesWhatIsRetained() {
        GeneratorUsage usage = new GeneratorUsage();
        try {
            byte[][] retained = new byte[64][];
            for (int i = 0; i < retained.length; i++) {
                retained[i] = new byte[1 << 20];
            }
            // No System.gc(): garbage makes the young collections a run has (G1 reports its old generation's
            // figure in the pools' collection usage only after mixed and full ones). Collectors report on their
            // notification thread, after the collection: allocate until the figure shows, within a bound.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            long sink = 0;
            while (usage.liveHeap() < (64L << 20) && System.nanoTime() < deadline) {
                byte[] garbage = new byte[64 << 10];
                sink += garbage.length;
            }
            assertTrue(sink >= 0);
            assertTrue(usage.liveHeap() >= 64L << 20, "64 MiB retained, after collection: "
                    + (usage.liveHeap() >> 20) + " MiB");
            assertTrue(retained[63].length > 0);
        } finally {
            usage.close();
        }
    }
}
