package io.gwsload.gatling.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

import io.gwsload.api.Media;
import io.gwsload.client.ClientSettings;
import io.gwsload.client.Transport;
import io.gwsload.collector.CollectorSettings;
import io.gwsload.report.capacity.CapacityLevels;
import io.gwsload.settings.Setting;
import io.gwsload.settings.Values;
import io.gwsload.simulator.SimulatorConfig;

/**
 * Everything a run is configured with: the {@code -Dgws.*} parameters ({@link HarnessSettings}, as the command
 * line gave them, then as the simulation's protocol builder changed them) and what only code can give (the
 * simulator's configuration, a capacity plan, an after-run action). Immutable; secrets (the trust store password)
 * are never in {@link #describe}.
 *
 * @param settings        the {@code gws.*} values
 * @param simulator       the embedded simulator's configuration, or null for {@code -Dgws.sim.*}
 * @param collector       the collector's knobs
 * @param capacity        a stepped capacity run's levels, or null
 * @param simulatorAgents the embedded simulator has at least this many agents (and supervisors)
 * @param afterRun        called with the run folder once summary.json is written (benchmarks), or null
 */
public record GwsConfig(Values settings, SimulatorConfig simulator, CollectorSettings collector, CapacityLevels capacity,
        int simulatorAgents, int simulatorSupervisors, Consumer<Path> afterRun) {

    public GwsConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(collector, "collector");
    }

    static GwsConfig defaults() {
        return new GwsConfig(HarnessSettings.GWS.defaults(), null, CollectorSettings.defaults(), null, 0, 0, null);
    }

    /** Defaults overridden by {@code -Dgws.*} system properties. */
    public static GwsConfig fromSystemProperties() {
        return from(System.getProperties());
    }

    public static GwsConfig from(Properties p) {
        return defaults().withSettings(HarnessSettings.from(p));
    }

    public <T> T get(Setting<T> setting) {
        return settings.get(setting);
    }

    /** A copy with one {@code gws.*} setting changed. */
    public <T> GwsConfig with(Setting<T> setting, T value) {
        return withSettings(settings.with(setting, value));
    }

    GwsConfig withSettings(Values values) {
        return new GwsConfig(values, simulator, collector, capacity, simulatorAgents, simulatorSupervisors, afterRun);
    }

    public GwsConfig withSimulator(SimulatorConfig config) {
        return new GwsConfig(settings, config, collector, capacity, simulatorAgents, simulatorSupervisors, afterRun);
    }

    public GwsConfig withSimulatorUsers(int agents, int supervisors) {
        return new GwsConfig(settings, simulator, collector, capacity, agents, supervisors, afterRun);
    }

    public GwsConfig withCollector(CollectorSettings settings) {
        return new GwsConfig(this.settings, simulator, settings, capacity, simulatorAgents, simulatorSupervisors,
                afterRun);
    }

    public GwsConfig withCapacity(CapacityLevels plan) {
        return new GwsConfig(settings, simulator, collector, plan, simulatorAgents, simulatorSupervisors, afterRun);
    }

    public GwsConfig withAfterRun(Consumer<Path> action) {
        return new GwsConfig(settings, simulator, collector, capacity, simulatorAgents, simulatorSupervisors, action);
    }

    String baseUrl() {
        return get(HarnessSettings.URL);
    }

    Path credentialsFile() {
        return get(HarnessSettings.CREDENTIALS);
    }

    public List<Media> channels() {
        return get(HarnessSettings.CHANNELS);
    }

    public Duration operationTimeout() {
        return get(HarnessSettings.OPERATION_TIMEOUT);
    }

    public Duration awaitTimeout() {
        return get(HarnessSettings.AWAIT_TIMEOUT);
    }

    Path resultsDirectory() {
        return get(HarnessSettings.RESULTS);
    }

    Duration progressInterval() {
        return get(HarnessSettings.PROGRESS);
    }

    boolean preflight() {
        return get(HarnessSettings.PREFLIGHT);
    }

    int metricsPort() {
        return get(HarnessSettings.METRICS_PORT);
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
        ClientSettings s = ClientSettings.of(url).withTransport(get(HarnessSettings.TRANSPORT))
                .withSubscriptions(get(HarnessSettings.SUBSCRIPTIONS))
                .withRequestTimeout(get(HarnessSettings.REQUEST_TIMEOUT))
                .withMaxConnections(get(HarnessSettings.MAX_CONNECTIONS))
                .withClientThreads(get(HarnessSettings.CLIENT_THREADS)).withTrustAll(get(HarnessSettings.TRUST_ALL))
                .withReloginOnExpiry(get(HarnessSettings.RELOGIN_ON_EXPIRY))
                .withReloginRate(get(HarnessSettings.RELOGIN_RATE)).withKeepAlive(get(HarnessSettings.KEEP_ALIVE));
        Path trustStore = get(HarnessSettings.TRUST_STORE);
        return trustStore == null ? s : s.withTrustStore(trustStore, get(HarnessSettings.TRUST_STORE_PASSWORD),
                get(HarnessSettings.TRUST_STORE_TYPE));
    }

    /**
     * The configuration as it goes into {@code summary.json}: every {@code gws.*} setting as a value (secrets never),
     * the target actually used, the machine (Java, cores, GC), the versions, the simulation's own parameters and on
     * the embedded simulator its settings as a table.
     */
    Map<String, Object> describe(String effectiveUrl, boolean embedded) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", effectiveUrl);
        m.put("embeddedSimulator", embedded);
        m.putAll(settings.toMap());
        m.remove("url");
        m.put("collectorScanIntervalMs", collector.scanInterval().toMillis());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("gc", String.join("+", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList()));
        m.put("versions", versions());
        Map<String, Object> parameters = SimulationParameters.all();
        if (!parameters.isEmpty()) {
            m.put("parameters", parameters);
        }
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

}
