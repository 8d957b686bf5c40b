package io.gwsload.report.live;

import java.io.IOException;
import java.util.function.LongSupplier;

import org.HdrHistogram.HistogramIterationValue;

import io.gwsload.collector.books.AccountingSnapshot;
import io.gwsload.collector.books.LatencyStats;
import io.gwsload.collector.NotificationCollector;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * A generator's figures while it runs, for Prometheus to scrape ({@code -Dgws.metrics.port}), so that a
 * long soak, or every pod of a sharded run, can be watched in Grafana:
 * <ul>
 * <li>{@code gwsload_requests_total{request,status="ok|ko"}}: gws-load's requests, as in the summary;</li>
 * <li>{@code gwsload_request_latency_seconds{request}}: a classic histogram of OK latencies (buckets from
 * 1 ms to 60 s), which sums across pods ({@code histogram_quantile} over {@code sum by (le)}); fed once a
 * second from the interval histograms, never on the operation's own path;</li>
 * <li>{@code gwsload_operations_total{entry="sent|ok|ko"}}, {@code gwsload_operations_pending},
 * {@code gwsload_notifications_total{entry="received|late|unknown|duplicate"}}: the books;</li>
 * <li>{@code gwsload_agents_logged_in}; and the JVM's own (CPU, heap, GC, threads).</li>
 * </ul>
 * Counters come from the collector itself at each scrape, so they equal the run's summary.
 */
public final class LiveMetrics implements AutoCloseable {
    /** Latency buckets in seconds: fine where operations live (ms), coarse up to timeouts. */
    private static final double[] BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60};

    private final HTTPServer server;
    private final Histogram latency;

    private LiveMetrics(HTTPServer server, Histogram latency) {
        this.server = server;
        this.latency = latency;
    }

    /** Starts the endpoint on {@code port} (0: any free one) at {@code /metrics}. */
    public static LiveMetrics start(int port, NotificationCollector collector, LongSupplier agentsLoggedIn)
            throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        CounterWithCallback.builder().name("gwsload_requests").help("gws-load requests by name and status")
                .labelNames("request", "status").callback(cb -> {
                    for (LatencyStats s : collector.latencies().all()) {
                        cb.call(s.okCount(), s.name(), "ok");
                        cb.call(s.koCount(), s.name(), "ko");
                    }
                }).register(registry);
        CounterWithCallback.builder().name("gwsload_operations").help("operations sent and ended (the books)")
                .labelNames("entry").callback(cb -> {
                    AccountingSnapshot b = collector.accounting().snapshot();
                    cb.call(b.sent(), "sent");
                    cb.call(b.ok(), "ok");
                    cb.call(b.ko(), "ko");
                }).register(registry);
        GaugeWithCallback.builder().name("gwsload_operations_pending").help("operations sent and not ended yet")
                .callback(cb -> cb.call(collector.accounting().snapshot().pending())).register(registry);
        CounterWithCallback.builder().name("gwsload_notifications").help("CometD notifications (the books)")
                .labelNames("entry").callback(cb -> {
                    AccountingSnapshot b = collector.accounting().snapshot();
                    cb.call(b.notifications(), "received");
                    cb.call(b.late() + b.count(io.gwsload.collector.books.Tally.LATE_IDLESS), "late");
                    cb.call(b.unknown(), "unknown");
                    cb.call(b.duplicates() + b.count(io.gwsload.collector.books.Tally.DUPLICATES_IDLESS), "duplicate");
                    cb.call(b.ambiguous(), "ambiguous");
                    cb.call(b.misattributed(), "misattributed");
                }).register(registry);
        GaugeWithCallback.builder().name("gwsload_agents_logged_in").help("agents and supervisors logged in now")
                .callback(cb -> cb.call(agentsLoggedIn.getAsLong())).register(registry);
        Histogram latency = Histogram.builder().name("gwsload_request_latency_seconds")
                .help("OK latencies of gws-load requests").labelNames("request").classicOnly()
                .classicUpperBounds(BUCKETS).register(registry);
        JvmMetrics.builder().register(registry);
        HTTPServer server = HTTPServer.builder().port(port).registry(registry).buildAndStart();
        return new LiveMetrics(server, latency);
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** One request name's OK latencies of the last interval (µs), into the histogram. */
    public void interval(String request, org.HdrHistogram.Histogram micros) {
        var child = latency.labelValues(request);
        for (HistogramIterationValue v : micros.recordedValues()) {
            double seconds = v.getValueIteratedTo() / 1e6;
            for (long i = v.getCountAtValueIteratedTo(); i > 0; i--) {
                child.observe(seconds);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
