package io.gwsload.gatling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.gatling.javaapi.core.ProtocolBuilder;
import io.gwsload.api.Media;
import io.gwsload.client.ClientSettings;
import io.gwsload.client.Transport;
import io.gwsload.collector.CollectorSettings;
import io.gwsload.simulator.SimulatorConfig;

/**
 * Where GWS is and how agents talk to it: {@code gws().baseUrl(...)}. Immutable; every method returns
 * a new builder. Starts from the {@code -Dgws.*} parameters (see the README), which the methods
 * override. Without a base URL the embedded simulator is started before load and stopped after.
 */
public final class GwsProtocolBuilder implements ProtocolBuilder {
    private final GwsConfig config;

    private GwsProtocolBuilder(GwsConfig config) {
        this.config = config;
    }

    static GwsProtocolBuilder fromSystemProperties() {
        SimulationName.capture();
        try {
            return new GwsProtocolBuilder(GwsConfig.fromSystemProperties());
        } catch (IllegalArgumentException e) {
            throw GwsSetupException.reported(e.getMessage(), e);
        }
    }

    /** GWS base URL, e.g. {@code https://gws.example.com:8443}; {@code /api/v2} is added by gws-load. */
    public GwsProtocolBuilder baseUrl(String url) {
        String normalized = ClientSettings.of(url).baseUrl();
        return with(b -> b.baseUrl = normalized);
    }

    /** The users, a CSV of {@code username,password[,role[,nickname]]}; needed for a real GWS. */
    public GwsProtocolBuilder credentials(String csvFile) {
        Path path = Path.of(csvFile);
        return with(b -> b.credentialsFile = path);
    }

    /** CometD transport; long-polling by default (GWS 9 serves nothing else). */
    public GwsProtocolBuilder transport(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        return with(b -> b.transport = transport);
    }

    /** CometD channels each agent subscribes to; {@code /v2/me/*} by default. */
    public GwsProtocolBuilder subscriptions(String... channels) {
        List<String> list = List.of(channels);
        return with(b -> b.subscriptions = list);
    }

    /** Media channels agents log in to with StartContactCenterSession; chat and SMS by default. */
    public GwsProtocolBuilder channels(Media... channels) {
        List<Media> list = List.of(channels);
        return with(b -> b.channels = list);
    }

    /** Default limit from POST to notification (per step: {@code timeout(...)}); 30 s by default. */
    public GwsProtocolBuilder operationTimeout(Duration timeout) {
        Duration t = positive(timeout);
        return with(b -> b.operationTimeout = t);
    }

    /** Default limit for waits for offers and other notifications; 60 s by default. */
    public GwsProtocolBuilder awaitTimeout(Duration timeout) {
        Duration t = positive(timeout);
        return with(b -> b.awaitTimeout = t);
    }

    /** TLS trust store (JKS or PKCS12) for a GWS whose certificate a private CA signed. */
    public GwsProtocolBuilder trustStore(String path, String password, String type) {
        Path file = Path.of(path);
        return with(b -> {
            b.trustStore = file;
            b.trustStorePassword = password;
            b.trustStoreType = type;
        });
    }

    /** The embedded simulator's configuration (when no base URL is given); {@code -Dgws.sim.*} otherwise. */
    public GwsProtocolBuilder simulator(SimulatorConfig simulator) {
        Objects.requireNonNull(simulator, "simulator");
        return with(b -> b.simulator = simulator);
    }

    /**
     * The embedded simulator creates at least this many agents and supervisors, so that a simulation
     * asking for more virtual users than the default 100 / 10 just works. No effect on a real GWS.
     */
    public GwsProtocolBuilder simulatorUsers(int agents, int supervisors) {
        return with(b -> {
            b.simulatorAgents = agents;
            b.simulatorSupervisors = supervisors;
        });
    }

    /** The collector's knobs (timeout scan, early-notification buffer, inboxes). */
    public GwsProtocolBuilder collector(CollectorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return with(b -> b.collector = settings);
    }

    /** Where run folders go; {@code results} by default. */
    public GwsProtocolBuilder resultsDirectory(String directory) {
        Path path = Path.of(directory);
        return with(b -> b.resultsDirectory = path);
    }

    /** How often a progress line is printed; {@code Duration.ZERO} for none. */
    public GwsProtocolBuilder progressInterval(Duration interval) {
        return with(b -> b.progressInterval = interval);
    }

    /** Makes this a capacity run judged level by level (see {@link CapacityPlan}). */
    public GwsProtocolBuilder capacity(CapacityPlan plan) {
        Objects.requireNonNull(plan, "plan");
        return with(b -> b.capacity = plan);
    }

    /**
     * Called with the run folder once {@code summary.json} is written, at the very end of the run (after
     * Gatling's {@code after} hook, which comes too early for it): for benchmarks that turn the summary into
     * their own records. An exception it throws is logged; the run's results are not affected.
     */
    public GwsProtocolBuilder afterRun(java.util.function.Consumer<java.nio.file.Path> action) {
        Objects.requireNonNull(action, "action");
        return with(b -> b.afterRun = action);
    }

    GwsConfig config() {
        return config;
    }

    @Override
    public GwsProtocol protocol() {
        return new GwsProtocol(config, SimulationName.current());
    }

    private GwsProtocolBuilder with(java.util.function.Consumer<GwsConfig.Builder> change) {
        GwsConfig.Builder b = config.toBuilder();
        change.accept(b);
        return new GwsProtocolBuilder(b.build());
    }

    private static Duration positive(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + d);
        }
        return d;
    }
}
