package io.gwsload.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How agents reach GWS. Immutable; each {@code withXxx} returns a copy.
 *
 * <p>Defaults follow what holds thousands of CometD clients in one JVM (README, Benchmarks): one HttpClient whose
 * connection limits are high enough that REST calls never queue behind long-polls, an idle timeout for requests in
 * flight above the server's long-poll hold time, a shorter keep-alive for idle connections (closed before the
 * target closes them), and a CometD network delay set explicitly.
 *
 * @param baseUrl        {@code http(s)://host:port}, without {@code /api/v2}
 * @param subscriptions  CometD channels each agent subscribes to ({@code /v2/me/*} by default)
 * @param requestTimeout limit on each REST call
 * @param maxConnections connections per destination of the shared HttpClient
 * @param clientThreads  threads of the shared HttpClient (CometD listeners run on them)
 * @param maxNetworkDelay CometD {@code maxNetworkDelay}: how long past the long-poll hold a
 *                       {@code /meta/connect} may take before the client gives up on it
 * @param idleTimeout    how long a request in flight may go without a byte before it fails (CometD's long polls set
 *                       their own limit)
 * @param keepAlive      a pooled connection left idle this long is closed by the client, before the target closes
 *                       it: a request sent on a connection the target is closing fails unanswered, and servers and
 *                       load balancers close idle connections after 30 to 120 s
 * @param trustStore     TLS trust store (JKS or PKCS12) for a GWS with a private CA; null for the JDK's
 * @param trustAll       trust any certificate (test labs only)
 * @param reloginOnExpiry when GWS answers a POST with 401 or 403 (the HTTP session expired), log the agent
 *                       in again ({@code GET /api/v2/me}: new session cookie and CSRF token); on by default
 * @param reloginRate    those logins again per second across all agents, at most (a GWS that forgot every session
 *                       sees them spread, as a user would pace them); 0: no limit
 */
public record ClientSettings(String baseUrl, Transport transport, List<String> subscriptions, Duration requestTimeout,
        Duration connectTimeout, int maxConnections, int clientThreads, Duration maxNetworkDelay, Duration idleTimeout,
        Path trustStore, String trustStorePassword, String trustStoreType, boolean trustAll, boolean reloginOnExpiry,
        double reloginRate, Duration keepAlive) {

    /** The default {@link #keepAlive()}: below the 30 s idle timeout of a Jetty server's connector (GWS runs on Jetty). */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(20);

    public static final String DEFAULT_SUBSCRIPTION = "/v2/me/*";

    public ClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        baseUrl = normalize(baseUrl);
        Objects.requireNonNull(transport, "transport");
        subscriptions = List.copyOf(subscriptions);
        if (subscriptions.isEmpty()) {
            throw new IllegalArgumentException("at least one CometD subscription is needed, e.g. /v2/me/*");
        }
        for (String s : subscriptions) {
            if (!s.startsWith("/")) {
                throw new IllegalArgumentException("CometD channel '" + s + "' must start with '/', e.g. /v2/me/*");
            }
        }
        if (Double.isNaN(reloginRate) || reloginRate < 0 || reloginRate > 0 && reloginRate < RateGate.MIN_RATE) {
            throw new IllegalArgumentException("the re-login rate must be 0 (no limit) or at least "
                    + RateGate.MIN_RATE + " per second, got " + reloginRate);
        }
        if (keepAlive == null || keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("the keep-alive of idle connections must be positive, got " + keepAlive);
        }
        if (maxConnections < 1 || clientThreads < 4) {
            throw new IllegalArgumentException("maxConnections must be at least 1 and clientThreads at least 4");
        }
    }

    public static ClientSettings of(String baseUrl) {
        return new ClientSettings(baseUrl, Transport.LONG_POLLING, List.of(DEFAULT_SUBSCRIPTION),
                Duration.ofSeconds(30), Duration.ofSeconds(10), 32_768, 64, Duration.ofSeconds(15),
                Duration.ofSeconds(90), null, null, null, false, true, 0, DEFAULT_KEEP_ALIVE);
    }

    public ClientSettings withTransport(Transport t) {
        return with(b -> b.transport = t);
    }

    public ClientSettings withSubscriptions(List<String> channels) {
        return with(b -> b.subscriptions = channels);
    }

    public ClientSettings withRequestTimeout(Duration d) {
        return with(b -> b.requestTimeout = d);
    }

    public ClientSettings withMaxConnections(int n) {
        return with(b -> b.maxConnections = n);
    }

    public ClientSettings withClientThreads(int n) {
        return with(b -> b.clientThreads = n);
    }

    public ClientSettings withTrustStore(Path path, String password, String type) {
        return with(b -> {
            b.trustStore = path;
            b.trustStorePassword = password;
            b.trustStoreType = type;
        });
    }

    public ClientSettings withTrustAll(boolean trust) {
        return with(b -> b.trustAll = trust);
    }

    public ClientSettings withReloginOnExpiry(boolean relogin) {
        return with(b -> b.reloginOnExpiry = relogin);
    }

    /** At most {@code perSecond} logins again across all agents (0: no limit). */
    public ClientSettings withReloginRate(double perSecond) {
        return with(b -> b.reloginRate = perSecond);
    }

    /** Idle pooled connections closed after {@code d} (see {@link #keepAlive()}). */
    public ClientSettings withKeepAlive(Duration d) {
        return with(b -> b.keepAlive = d);
    }

    /** A copy with some fields changed: the one place that lists them all. */
    private ClientSettings with(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return new ClientSettings(baseUrl, b.transport, b.subscriptions, b.requestTimeout, connectTimeout,
                b.maxConnections, b.clientThreads, maxNetworkDelay, idleTimeout, b.trustStore, b.trustStorePassword,
                b.trustStoreType, b.trustAll, b.reloginOnExpiry, b.reloginRate, b.keepAlive);
    }

    /** The fields a wither may change. */
    private static final class Copy {
        Transport transport;
        List<String> subscriptions;
        Duration requestTimeout;
        int maxConnections;
        int clientThreads;
        Path trustStore;
        String trustStorePassword;
        String trustStoreType;
        boolean trustAll;
        boolean reloginOnExpiry;
        double reloginRate;
        Duration keepAlive;

        Copy(ClientSettings s) {
            transport = s.transport;
            subscriptions = s.subscriptions;
            requestTimeout = s.requestTimeout;
            maxConnections = s.maxConnections;
            clientThreads = s.clientThreads;
            trustStore = s.trustStore;
            trustStorePassword = s.trustStorePassword;
            trustStoreType = s.trustStoreType;
            trustAll = s.trustAll;
            reloginOnExpiry = s.reloginOnExpiry;
            reloginRate = s.reloginRate;
            keepAlive = s.keepAlive;
        }
    }

    /** The CometD endpoint, {@code {baseUrl}/api/v2/notifications}. */
    public String cometdUrl() {
        return baseUrl + io.gwsload.api.ApiPaths.NOTIFICATIONS;
    }

    public boolean isTls() {
        return baseUrl.startsWith("https:");
    }

    @Override
    public String toString() {
        // The trust store password is a secret: never printed.
        return "ClientSettings[" + baseUrl + ", " + transport.label() + ", subscriptions=" + subscriptions
                + ", requestTimeout=" + requestTimeout + (trustStore != null ? ", trustStore=" + trustStore : "")
                + (trustAll ? ", trustAll" : "") + "]";
    }

    private static String normalize(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        if (u.endsWith("/api/v2")) {
            u = u.substring(0, u.length() - "/api/v2".length());
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GWS URL '" + url + "' is not a valid URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("GWS URL '" + url + "' must look like http://host:port or https://host:port");
        }
        return u;
    }
}
