package io.gwsload.simulator.truth;

import io.gwsload.simulator.Knobs;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

import io.gwsload.api.OperationName;

/**
 * The server's capacity as a queue in virtual time: {@code workers} servers, each operation POST holding
 * one for a sampled service time ({@code serviceTime}, or its operation's entry in {@code serviceTimes}),
 * first come first served, at most {@code queueLimit} waiting. {@link #admit} decides at arrival when the
 * operation will be done (its effect, answer and notifications happen then) or that it is refused, so
 * the capacity is exact (workers / mean service time) whatever the CPU of the machine does, and no
 * thread waits. With {@code workers} 0 (the default) there is no limit.
 *
 * <p>Only one lock, held for a few heap operations per POST: at 1,000 POSTs/s that is negligible.
 */
public final class ServerCapacity {
    /** What {@link #admit} returns when the queue is full. */
    public static final long REJECTED = Long.MIN_VALUE;

    private final GroundTruth truth;
    /** When each worker is next free (System.nanoTime); as many entries as workers. */
    private final PriorityQueue<Long> freeAt = new PriorityQueue<>();
    /** Start times of admitted operations that have not started yet, in order (FIFO starts never decrease). */
    private final ArrayDeque<Long> waitingStarts = new ArrayDeque<>();
    private int workers;
    private int peakWaiting;

    public ServerCapacity(GroundTruth truth) {
        this.truth = truth;
    }

    /**
     * Admits an operation arriving now: the System.nanoTime at which it is done (now when there is no
     * limit), or {@link #REJECTED} when {@code queueLimit} operations are already waiting.
     */
    public long admit(Knobs k, OperationName op, long now) {
        if (k.workers() == 0) {
            return now;
        }
        long service = k.serviceTime(op).sampleNanos();
        long start;
        synchronized (this) {
            if (workers != k.workers()) { // changed at run time: a fresh queue of the new size
                workers = k.workers();
                freeAt.clear();
                waitingStarts.clear();
                for (int i = 0; i < workers; i++) {
                    freeAt.add(now);
                }
            }
            while (!waitingStarts.isEmpty() && waitingStarts.peekFirst() <= now) {
                waitingStarts.pollFirst();
            }
            long firstFree = freeAt.peek();
            if (firstFree > now && waitingStarts.size() >= k.queueLimit()) {
                truth.count(Counter.capacityRejected);
                return REJECTED;
            }
            freeAt.poll();
            start = Math.max(now, firstFree);
            freeAt.add(start + service);
            if (start > now) {
                waitingStarts.addLast(start);
                peakWaiting = Math.max(peakWaiting, waitingStarts.size());
            }
        }
        truth.count(Counter.capacityAdmitted);
        if (start > now) {
            truth.count(Counter.capacityWaited);
        }
        truth.add(Counter.capacityBusyMicros, service / 1_000);
        return start + service;
    }

    /** The most operations that waited at once since the last {@link #resetPeak()}. */
    public synchronized int peakWaiting() {
        return peakWaiting;
    }

    public synchronized void resetPeak() {
        peakWaiting = waitingStarts.size();
    }
}
