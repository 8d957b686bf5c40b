package io.gwsload.gatling;

import io.gwsload.gatling.runtime.SimulationName;

import io.gwsload.gatling.runtime.HarnessSettings;

import io.gwsload.gatling.runtime.GwsSetupException;

import io.gwsload.gatling.runtime.GwsProtocol;

import io.gwsload.gatling.runtime.GwsConfig;

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
 * Where GWS is and how agents talk to it: {@code gws().baseUrl(...)}. Immutable (it only remembers the
 * protocol it built); every method returns a new builder. Starts from the {@code -Dgws.*} parameters (see the
 * README), which the methods override. Without a base URL the embedded simulator is started before load and stopped after.
 */
public final class GwsProtocolBuilder implements ProtocolBuilder {
    private final GwsConfig config;
    /**
     * The protocol this builder made: the same instance each time, so that populations given the same builder share
     * one run (one pool of agents, one set of books, one results folder), as Gatling's HTTP protocol does.
     */
    private GwsProtocol built;

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
        return new GwsProtocolBuilder(config.with(HarnessSettings.URL, ClientSettings.of(url).baseUrl()));
    }

    /** The users, a CSV of {@code username,password[,role[,nickname]]}; needed for a real GWS. */
    public GwsProtocolBuilder credentials(String csvFile) {
        return new GwsProtocolBuilder(config.with(HarnessSettings.CREDENTIALS, Path.of(csvFile)));
    }

    /** CometD transport; long-polling by default (GWS 9 serves nothing else). */
    public GwsProtocolBuilder transport(Transport transport) {
        return new GwsProtocolBuilder(config.with(HarnessSettings.TRANSPORT, Objects.requireNonNull(transport,
                "transport")));
    }

    /** CometD channels each agent subscribes to; {@code /v2/me/*} by default. */
    public GwsProtocolBuilder subscriptions(String... channels) {
        return new GwsProtocolBuilder(config.with(HarnessSettings.SUBSCRIPTIONS, List.of(channels)));
    }

    /** Media channels agents log in to with StartContactCenterSession; chat and SMS by default. */
    public GwsProtocolBuilder channels(Media... channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("At least one media channel is needed: chat, sms or both.");
        }
        return new GwsProtocolBuilder(config.with(HarnessSettings.CHANNELS, List.of(channels)));
    }

    /** Default limit from POST to notification (per step: {@code timeout(...)}); 30 s by default. */
    public GwsProtocolBuilder operationTimeout(Duration timeout) {
        return new GwsProtocolBuilder(config.with(HarnessSettings.OPERATION_TIMEOUT, positive(timeout)));
    }

    /** Default limit for waits for offers and other notifications; 60 s by default. */
    public GwsProtocolBuilder awaitTimeout(Duration timeout) {
        return new GwsProtocolBuilder(config.with(HarnessSettings.AWAIT_TIMEOUT, positive(timeout)));
    }

    /** TLS trust store (JKS or PKCS12) for a GWS whose certificate a private CA signed. */
    public GwsProtocolBuilder trustStore(String path, String password, String type) {
        return new GwsProtocolBuilder(config.with(HarnessSettings.TRUST_STORE, Path.of(path))
                .with(HarnessSettings.TRUST_STORE_PASSWORD, password).with(HarnessSettings.TRUST_STORE_TYPE, type));
    }

    /** The embedded simulator's configuration (when no base URL is given); {@code -Dgws.sim.*} otherwise. */
    public GwsProtocolBuilder simulator(SimulatorConfig simulator) {
        return new GwsProtocolBuilder(config.withSimulator(Objects.requireNonNull(simulator, "simulator")));
    }

    /**
     * The embedded simulator's settings and knobs by name (as in the README's tables, e.g.
     * {@code Map.of("workers", "4", "serviceTime", "fixed:10")}): the simulation's defaults, which
     * {@code -Dgws.sim.*} still override. An unknown name or a bad value fails before load starts.
     */
    public GwsProtocolBuilder simulatorDefaults(java.util.Map<String, String> settings) {
        try {
            return simulator(SimulatorConfig.fromSystemProperties(Objects.requireNonNull(settings, "settings")));
        } catch (IllegalArgumentException e) {
            throw GwsSetupException.reported(e.getMessage(), e);
        }
    }

    /**
     * The embedded simulator creates at least this many agents and supervisors, so that a simulation
     * asking for more virtual users than the default 100 / 10 just works. No effect on a real GWS.
     */
    public GwsProtocolBuilder simulatorUsers(int agents, int supervisors) {
        return new GwsProtocolBuilder(config.withSimulatorUsers(agents, supervisors));
    }

    /** The collector's knobs (timeout scan, early-notification buffer, inboxes). */
    public GwsProtocolBuilder collector(CollectorSettings settings) {
        return new GwsProtocolBuilder(config.withCollector(Objects.requireNonNull(settings, "settings")));
    }

    /** Where run folders go; {@code results} by default. */
    public GwsProtocolBuilder resultsDirectory(String directory) {
        return new GwsProtocolBuilder(config.with(HarnessSettings.RESULTS, Path.of(directory)));
    }

    /** How often a progress line is printed; {@code Duration.ZERO} for none. */
    public GwsProtocolBuilder progressInterval(Duration interval) {
        return new GwsProtocolBuilder(config.with(HarnessSettings.PROGRESS, interval));
    }

    /** Makes this a capacity run judged level by level (see {@link CapacityPlan}). */
    public GwsProtocolBuilder capacity(CapacityPlan plan) {
        return new GwsProtocolBuilder(config.withCapacity(Objects.requireNonNull(plan, "plan").levels()));
    }

    /**
     * Called with the run folder once {@code summary.json} is written, at the very end of the run (after
     * Gatling's {@code after} hook, which comes too early for it): for benchmarks that turn the summary into
     * their own records. An exception it throws is logged; the run's results are not affected.
     */
    public GwsProtocolBuilder afterRun(java.util.function.Consumer<java.nio.file.Path> action) {
        return new GwsProtocolBuilder(config.withAfterRun(Objects.requireNonNull(action, "action")));
    }

    GwsConfig config() {
        return config;
    }

    @Override
    public synchronized GwsProtocol protocol() {
        if (built == null) {
            built = new GwsProtocol(config, SimulationName.current());
        }
        return built;
    }

    private static Duration positive(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + d);
        }
        return d;
    }
}
