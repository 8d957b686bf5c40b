package io.gwsload.simulator.truth;

/**
 * Handshakes per wall-clock second: the busiest second so far and the time of the last handshake, so that a
 * reconnect storm's peak and its end can be read from the ground truth. Synchronized: handshakes are rare
 * next to operations, even in a storm.
 */
public final class HandshakeRate {
    private long second = -1;
    private long inSecond;
    private long peak;
    private long lastMillis;

    synchronized void record(long nowMillis) {
        long s = nowMillis / 1000;
        if (s != second) {
            second = s;
            inSecond = 0;
        }
        inSecond++;
        peak = Math.max(peak, inSecond);
        lastMillis = nowMillis;
    }

    /** The most handshakes accepted within one wall-clock second. */
    public synchronized long peakPerSecond() {
        return peak;
    }

    /** When the last handshake was accepted (epoch ms), or 0. */
    public synchronized long lastMillis() {
        return lastMillis;
    }
}
