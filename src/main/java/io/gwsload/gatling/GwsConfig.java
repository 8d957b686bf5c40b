package io.gwsload.gatling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.gwsload.api.Media;
import io.gwsload.client.ClientSettings;
import io.gwsload.client.Transport;
import io.gwsload.collector.CollectorSettings;
import io.gwsload.simulator.SimulatorConfig;

/**
 * Everything a run is configured with. Built by {@link GwsProtocolBuilder}; its starting values come
 * from {@code -Dgws.*} system properties, so every simulation can be pointed at a real GWS from the
 * command line. Secrets (the trust store password) are never in {@link #describe()}.
 *
 * @param baseUrl         GWS base URL; null starts the embedded simulator
 * @param credentialsFile CSV of users (needed for a real GWS; generated for the simulator)
 * @param channels        media channels StartContactCenterSession logs agents in to
 * @param operationTimeout default limit from POST to notification
 * @param awaitTimeout    default limit for waits by predicate (offers, joins)
 * @param progressInterval how often a progress line is printed; zero for none
 * @param capacity        a stepped capacity run's plan, or null
 * @param simulatorAgents the embedded simulator has at least this many agents (and supervisors)
 * @param afterRun        called with the run folder once summary.json is written (benchmarks), or null
 */
public record GwsConfig(String baseUrl, Path credentialsFile, Transport transport, List<String> subscriptions,
        List<Media> channels, Duration operationTimeout, Duration awaitTimeout, Duration requestTimeout,
        Path trustStore, String trustStorePassword, String trustStoreType, boolean trustAll,
        SimulatorConfig simulator, Path resultsDirectory, Duration progressInterval, int maxConnections,
        int clientThreads, CollectorSettings collector, boolean preflight, CapacityPlan capacity,
        int simulatorAgents, int simulatorSupervisors, boolean reloginOnExpiry, int metricsPort,
        java.util.function.Consumer<Path> afterRun) {

    /** The {@code -Dgws.*} parameters and what they set; an unknown {@code gws.*} name is an error. */
    static final Map<String, String> PARAMETERS = parameters();

    public GwsConfig {
        subscriptions = List.copyOf(subscriptions);
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("At least one media channel is needed: chat, sms or both.");
        }
    }

    static GwsConfig defaults() {
        return new GwsConfig(null, null, Transport.LONG_POLLING, List.of(ClientSettings.DEFAULT_SUBSCRIPTION),
                List.of(Media.CHAT, Media.SMS), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30),
                null, null, null, false, null, Path.of("results"), Duration.ofSeconds(10), 32_768, 64,
                CollectorSettings.defaults(), true, null, 0, 0, true, 0, null);
    }

    /** Defaults overridden by {@code -Dgws.*} system properties. */
    static GwsConfig fromSystemProperties() {
        return from(System.getProperties());
    }

    static GwsConfig from(Properties p) {
        Set<String> unknown = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("gws.") && !key.startsWith(SimulatorConfig.PREFIX) && !PARAMETERS.containsKey(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown parameter -D" + unknown.iterator().next() + "; gws-load knows "
                    + String.join(", ", PARAMETERS.keySet()) + " and the simulator's gws.sim.* settings.");
        }
        Builder b = defaults().toBuilder();
        String url = p.getProperty("gws.url");
        if (url != null && !url.isBlank()) {
            b.baseUrl = ClientSettings.of(url).baseUrl();
        }
        String credentials = p.getProperty("gws.credentials");
        if (credentials != null && !credentials.isBlank()) {
            b.credentialsFile = Path.of(credentials);
        }
        if (p.getProperty("gws.transport") != null) {
            b.transport = Transport.parse(p.getProperty("gws.transport"));
        }
        if (p.getProperty("gws.subscriptions") != null) {
            b.subscriptions = List.of(p.getProperty("gws.subscriptions").split("\\s*,\\s*"));
        }
        if (p.getProperty("gws.channels") != null) {
            b.channels = parseChannels(p.getProperty("gws.channels"));
        }
        b.operationTimeout = duration(p, "gws.operationTimeout", b.operationTimeout);
        b.awaitTimeout = duration(p, "gws.awaitTimeout", b.awaitTimeout);
        b.requestTimeout = duration(p, "gws.requestTimeout", b.requestTimeout);
        if (p.getProperty("gws.trustStore") != null) {
            b.trustStore = Path.of(p.getProperty("gws.trustStore"));
        }
        b.trustStorePassword = p.getProperty("gws.trustStorePassword");
        b.trustStoreType = p.getProperty("gws.trustStoreType");
        b.trustAll = bool(p, "gws.trustAll", false);
        if (p.getProperty("gws.results") != null) {
            b.resultsDirectory = Path.of(p.getProperty("gws.results"));
        }
        b.progressInterval = duration(p, "gws.progress", b.progressInterval);
        b.maxConnections = integer(p, "gws.maxConnections", b.maxConnections);
        b.clientThreads = integer(p, "gws.clientThreads", b.clientThreads);
        b.preflight = bool(p, "gws.preflight", true);
        b.reloginOnExpiry = bool(p, "gws.reloginOnExpiry", true);
        b.metricsPort = integer(p, "gws.metrics.port", 0);
        if (b.metricsPort < 0 || b.metricsPort > 65535) {
            throw new IllegalArgumentException("-Dgws.metrics.port must be a TCP port (1-65535), or 0 for no live "
                    + "metrics; got " + b.metricsPort + ".");
        }
        if (p.getProperty("gws.shard") != null && !p.getProperty("gws.shard").isBlank()) {
            Shard.parse(p.getProperty("gws.shard")); // a bad value fails here, before anything starts
        }
        return b.build();
    }

    Builder toBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl;
        b.credentialsFile = credentialsFile;
        b.transport = transport;
        b.subscriptions = subscriptions;
        b.channels = channels;
        b.operationTimeout = operationTimeout;
        b.awaitTimeout = awaitTimeout;
        b.requestTimeout = requestTimeout;
        b.trustStore = trustStore;
        b.trustStorePassword = trustStorePassword;
        b.trustStoreType = trustStoreType;
        b.trustAll = trustAll;
        b.simulator = simulator;
        b.resultsDirectory = resultsDirectory;
        b.progressInterval = progressInterval;
        b.maxConnections = maxConnections;
        b.clientThreads = clientThreads;
        b.collector = collector;
        b.preflight = preflight;
        b.reloginOnExpiry = reloginOnExpiry;
        b.capacity = capacity;
        b.simulatorAgents = simulatorAgents;
        b.simulatorSupervisors = simulatorSupervisors;
        b.metricsPort = metricsPort;
        b.afterRun = afterRun;
        return b;
    }

    /** A mutable copy, for {@link GwsProtocolBuilder} to change one field and build a new config. */
    static final class Builder {
        String baseUrl;
        Path credentialsFile;
        Transport transport;
        List<String> subscriptions;
        List<Media> channels;
        Duration operationTimeout;
        Duration awaitTimeout;
        Duration requestTimeout;
        Path trustStore;
        String trustStorePassword;
        String trustStoreType;
        boolean trustAll;
        SimulatorConfig simulator;
        Path resultsDirectory;
        Duration progressInterval;
        int maxConnections;
        int clientThreads;
        CollectorSettings collector;
        boolean preflight;
        boolean reloginOnExpiry;
        CapacityPlan capacity;
        int simulatorAgents;
        int simulatorSupervisors;
        int metricsPort;
        java.util.function.Consumer<Path> afterRun;

        GwsConfig build() {
            return new GwsConfig(baseUrl, credentialsFile, transport, subscriptions, channels, operationTimeout,
                    awaitTimeout, requestTimeout, trustStore, trustStorePassword, trustStoreType, trustAll, simulator,
                    resultsDirectory, progressInterval, maxConnections, clientThreads, collector, preflight, capacity,
                    simulatorAgents, simulatorSupervisors, reloginOnExpiry, metricsPort, afterRun);
        }
    }

    /** The simulator's configuration: the one given, or {@code -Dgws.sim.*} on top of its defaults. */
    SimulatorConfig simulatorConfig() {
        SimulatorConfig c = simulator != null ? simulator : SimulatorConfig.fromSystemProperties();
        if (c.agents() < simulatorAgents) {
            c = c.withAgents(simulatorAgents);
        }
        if (c.supervisors() < simulatorSupervisors) {
            c = c.withSupervisors(simulatorSupervisors);
        }
        return c;
    }

    ClientSettings clientSettings(String url) {
        ClientSettings s = ClientSettings.of(url).withTransport(transport).withSubscriptions(subscriptions)
                .withRequestTimeout(requestTimeout).withMaxConnections(maxConnections).withClientThreads(clientThreads)
                .withTrustAll(trustAll).withReloginOnExpiry(reloginOnExpiry);
        return trustStore == null ? s : s.withTrustStore(trustStore, trustStorePassword, trustStoreType);
    }

    /** The configuration as it goes into {@code summary.json}: no passwords. */
    Map<String, Object> describe(String effectiveUrl, boolean embedded) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", effectiveUrl);
        m.put("embeddedSimulator", embedded);
        m.put("credentialsFile", credentialsFile == null ? null : credentialsFile.toString());
        m.put("transport", transport.label());
        m.put("subscriptions", subscriptions);
        m.put("channels", channels.stream().map(Media::shortName).toList());
        m.put("operationTimeoutMs", operationTimeout.toMillis());
        m.put("awaitTimeoutMs", awaitTimeout.toMillis());
        m.put("requestTimeoutMs", requestTimeout.toMillis());
        m.put("trustStore", trustStore == null ? null : trustStore.toString());
        m.put("trustAll", trustAll);
        m.put("maxConnections", maxConnections);
        m.put("clientThreads", clientThreads);
        m.put("collectorScanIntervalMs", collector.scanInterval().toMillis());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("versions", versions());
        Shard shard = Shard.current();
        if (!shard.isWhole()) {
            m.put("shard", shard.toString());
        }
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("gc", String.join("+", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList()));
        m.put("metricsPort", metricsPort);
        if (embedded) {
            m.put("simulator", simulatorConfig().toMap());
        }
        return m;
    }

    /** The versions of what made the figures, from the jars' Maven metadata ("?" when not found). */
    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("gatling", io.gatling.commons.util.GatlingVersion$.MODULE$.ThisVersion().fullVersion());
        v.put("cometd", mavenVersion("org.cometd.java", "cometd-java-client-common"));
        v.put("jetty", mavenVersion("org.eclipse.jetty", "jetty-client"));
        v.put("hdrhistogram", mavenVersion("org.hdrhistogram", "HdrHistogram"));
        return v;
    }

    private static String mavenVersion(String group, String artifact) {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (java.io.InputStream in = GwsConfig.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "?";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static List<Media> parseChannels(String value) {
        List<Media> list = new ArrayList<>();
        for (String part : value.split("\\s*,\\s*")) {
            if (part.isBlank()) {
                continue;
            }
            list.add(Media.fromName(part).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown media channel '" + part + "' in -Dgws.channels; use chat, sms or chat,sms.")));
        }
        return list;
    }

    private static Duration duration(Properties p, String key, Duration fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : Durations.parse(v, "-D" + key);
    }

    private static boolean bool(Properties p, String key, boolean fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("-D" + key + "=" + v + " is not true or false.");
    }

    private static int integer(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the sentence below
        }
        throw new IllegalArgumentException("-D" + key + "=" + v + " is not a positive whole number.");
    }

    private static Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gws.url", "GWS base URL, e.g. https://gws.example.com:8443; absent: the embedded simulator");
        m.put("gws.credentials", "CSV of users: username,password[,role[,nickname]]");
        m.put("gws.transport", "CometD transport: long-polling (default) or websocket");
        m.put("gws.channels", "media channels agents log in to: chat,sms (default both)");
        m.put("gws.subscriptions", "CometD channels to subscribe, comma-separated (default /v2/me/*)");
        m.put("gws.operationTimeout", "POST to notification limit (default 30s)");
        m.put("gws.awaitTimeout", "limit for waits for offers and other notifications (default 60s)");
        m.put("gws.requestTimeout", "HTTP request limit (default 30s)");
        m.put("gws.trustStore", "TLS trust store file for a GWS with a private CA");
        m.put("gws.trustStorePassword", "its password (never printed)");
        m.put("gws.trustStoreType", "JKS or PKCS12 (default from the file)");
        m.put("gws.trustAll", "trust any TLS certificate; test labs only (default false)");
        m.put("gws.results", "results folder (default results)");
        m.put("gws.progress", "progress line interval, 0s for none (default 10s)");
        m.put("gws.maxConnections", "HTTP connections per GWS host (default 32768)");
        m.put("gws.clientThreads", "HTTP/CometD client threads (default 64)");
        m.put("gws.preflight", "check the URL and the first credentials before load starts (default true)");
        m.put("gws.debug", "start-up errors show their stack trace (default false)");
        m.put("gws.log", "log level of gws-load's own packages, read by logback (default WARN)");
        m.put("gws.metrics.port", "serve live Prometheus metrics at http://<host>:PORT/metrics during the run "
                + "(default 0: off)");
        m.put("gws.benchmarks", "where benchmark simulations write their records (default results/benchmarks)");
        m.put("gws.shard", "INDEX/COUNT: this generator's part of a test on several (e.g. 0/3): a disjoint slice of the "
                + "credentials, its share of populations and rates read with Params.perShard (default the whole test)");
        m.put("gws.reloginOnExpiry", "log an agent in again when GWS answers 401/403 (its session expired; default true)");
        return java.util.Collections.unmodifiableMap(m);
    }
}
