package io.gwsload.simulator.model;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Interaction ids (16 characters, like {@code 0000Na9B26EF002X}) and participant ids (16 hex digits),
 * unique within a simulator instance; the random prefix keeps ids of different runs apart.
 */
final class Ids {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String interactionPrefix;
    private final AtomicLong interactions = new AtomicLong();
    private final AtomicLong participants = new AtomicLong();

    Ids() {
        char[] p = new char[4];
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < p.length; i++) {
            p[i] = HEX[r.nextInt(16)];
        }
        interactionPrefix = new String(p);
    }

    String nextInteractionId() {
        return interactionPrefix + hex(interactions.incrementAndGet(), 12);
    }

    String nextParticipantId() {
        return "00" + interactionPrefix + hex(participants.incrementAndGet(), 10);
    }

    private static String hex(long value, int width) {
        char[] c = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            c[i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return new String(c);
    }
}
