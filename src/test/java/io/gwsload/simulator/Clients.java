package io.gwsload.simulator;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.WebSocketContainer;

import org.cometd.client.BayeuxClient;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee10.websocket.jakarta.client.JakartaWebSocketClientContainer;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The client-side infrastructure tests share, set up as the harness does ({@code ClientRuntime}): one
 * HttpClient with an empty cookie jar (each agent sends its own cookie), one CometD scheduler,
 * and a Jakarta WebSocket container on demand.
 */
final class Clients implements AutoCloseable {
    final HttpClient http;
    final ScheduledExecutorService scheduler = newScheduler();
    private JakartaWebSocketClientContainer webSockets;

    Clients() {
        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("test-client");
        http = new HttpClient();
        http.setExecutor(pool);
        http.setMaxConnectionsPerDestination(500);
        http.setIdleTimeout(60_000);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ScheduledExecutorService newScheduler() {
        BayeuxClient.Scheduler s = new BayeuxClient.Scheduler(2);
        AtomicInteger n = new AtomicInteger();
        s.setThreadFactory(r -> {
            Thread t = new Thread(r, "test-client-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return s;
    }

    synchronized WebSocketContainer webSockets() {
        if (webSockets == null) {
            webSockets = new JakartaWebSocketClientContainer(http);
            LifeCycle.start(webSockets);
        }
        return webSockets;
    }

    @Override
    public synchronized void close() {
        if (webSockets != null) {
            LifeCycle.stop(webSockets);
        }
        LifeCycle.stop(http);
        scheduler.shutdownNow();
    }
}
