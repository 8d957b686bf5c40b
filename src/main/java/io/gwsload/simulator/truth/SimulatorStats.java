package io.gwsload.simulator.truth;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

import io.gwsload.api.Json;

/**
 * A snapshot of the simulator's ground truth, as served by {@code GET /sim/stats} ({@link #toJson()},
 * {@link #fromJson(String)}).
 *
 * <ul>
 * <li>{@code operations}: per operation name, request received (first thing in the servlet) → first
 * notification of that operation handed to CometD (taken just before {@code deliver} of its first
 * notification that was not dropped), in µs: count, min, p50, p90, p99, p99.9, max, mean, and the
 * whole HdrHistogram (3 significant digits) compressed and base64-encoded, so runs can be compared
 * and merged exactly. For Invite / Consult / Transfer this lasts until the invitee joined; for
 * Intrude until the supervisor's offer.</li>
 * <li>{@code counters}: see {@link #counter(String)} (the names of the {@code Counter} enum, each documented
 * there).</li>
 * <li>{@code capacity}: the configured server capacity (knob {@code workers} &gt; 0), else null.</li>
 * <li>{@code statusErrors}: operation answers with statusCode ≠ 0, by code.</li>
 * <li>{@code sessions}: HTTP sessions, CometD sessions, logged-in agents, live interactions,
 * contacts waiting in queues; the CometD handshakes' busiest second and the last one's time.</li>
 * <li>{@code jvm}: heap used (after a GC when asked with {@code ?gc=true}), live threads, process
 * CPU seconds.</li>
 * </ul>
 */
public record SimulatorStats(long sinceEpochMillis, long periodMillis, Map<String, Long> counters,
        Map<String, Long> statusErrors, Sessions sessions, Jvm jvm, Map<String, OperationTiming> operations,
        Map<String, Object> knobs, Capacity capacity) {

    /**
     * The server's configured capacity and what it did in the period.
     *
     * @param configuredPerSecond workers / mean of {@code serviceTime} (the capacity when no operation has
     *                            its own service time)
     * @param atThisMixPerSecond  workers / the mean service time of the operations admitted in the period
     *                            (the capacity for this run's mix of operations; 0 before any)
     * @param utilisation         busy time / (workers × period), 0..1
     * @param peakWaiting         the most operations waiting for a worker at once
     */
    public record Capacity(int workers, String serviceTime, String serviceTimes, int queueLimit, String overload,
            double configuredPerSecond, double atThisMixPerSecond, long admitted, long waited, long rejected,
            double utilisation, int peakWaiting) {
    }

    /**
     * Sessions now, and the CometD handshakes' busiest second and last time (epoch ms, 0 when none): a reconnect
     * storm's peak and end.
     */
    public record Sessions(long http, long cometd, long loggedInAgents, long interactions, long queued,
            long handshakesPeakPerSecond, long lastHandshakeEpochMillis) {
    }

    public record Jvm(long heapUsedBytes, long heapMaxBytes, int threads, double processCpuSeconds) {
    }

    /** One operation's ground-truth latency, µs. */
    public record OperationTiming(long count, long minUs, long p50Us, long p90Us, long p99Us, long p999Us,
            long maxUs, double meanUs, String histogram) {

        public static OperationTiming of(Histogram h) {
            ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
            int length = h.encodeIntoCompressedByteBuffer(buffer);
            byte[] bytes = new byte[length];
            buffer.flip();
            buffer.get(bytes);
            return new OperationTiming(h.getTotalCount(), h.getMinValue(), h.getValueAtPercentile(50),
                    h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                    h.getMaxValue(), h.getMean(), Base64.getEncoder().encodeToString(bytes));
        }

        /** The full histogram (µs) decoded from {@link #histogram()}. */
        public Histogram decodeHistogram() {
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder()
                        .decode(histogram)), 0);
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("Not an encoded HdrHistogram: " + e.getMessage(), e);
            }
        }
    }

    /** A counter by name (e.g. {@code notificationsDropped}); 0 for an unknown name. */
    public long counter(String name) {
        Long v = counters.get(name);
        return v == null ? 0 : v;
    }

    /** How many operation answers had this statusCode. */
    public long statusErrors(int code) {
        Long v = statusErrors.get(Integer.toString(code));
        return v == null ? 0 : v;
    }

    /** An operation's timing, or null when it has none (never notified since the last reset). */
    public OperationTiming operation(String operationName) {
        return operations.get(operationName);
    }

    public String toJson() {
        return Json.write(this);
    }

    public static SimulatorStats fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, SimulatorStats.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not simulator stats JSON: " + e.getOriginalMessage(), e);
        }
    }
}
