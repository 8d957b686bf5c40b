package io.gwsload.simulator;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How to start a {@link GwsSimulator}: where it listens, which users exist, server sizing, and the
 * initial {@link Knobs}. Immutable; {@link #defaults()} plus {@code withXxx} copies.
 *
 * <p>Read from properties with {@link #fromProperties} / {@link #fromSystemProperties}: every key is
 * {@code gws.sim.<name>}, where name is one of the start-up settings below or a knob of
 * {@link Knobs}. {@code gws.sim.config} names an optional properties file read first (its keys may
 * omit the {@code gws.sim.} prefix); the given properties override it. An unknown
 * {@code gws.sim.*} key or a bad value throws {@link IllegalArgumentException} with one sentence.
 *
 * <table>
 * <caption>Start-up settings (name, default)</caption>
 * <tr><td>{@code host}</td><td>{@code 127.0.0.1}</td><td>address to bind</td></tr>
 * <tr><td>{@code port}</td><td>0</td><td>port to bind; 0 picks a free one ({@link GwsSimulator#port()})</td></tr>
 * <tr><td>{@code agents}</td><td>100</td><td>generated agents {@code agent0001..} (ignored with a users file)</td></tr>
 * <tr><td>{@code supervisors}</td><td>10</td><td>generated supervisors {@code supervisor001..}</td></tr>
 * <tr><td>{@code usersFile}</td><td>none</td><td>CSV {@code username,password,role,nickname} instead of generated users</td></tr>
 * <tr><td>{@code generatedPassword}</td><td>{@code password}</td><td>password of generated users</td></tr>
 * <tr><td>{@code credentialsOut}</td><td>none</td><td>where to write the users' credentials CSV at start</td></tr>
 * <tr><td>{@code maxThreads}</td><td>200</td><td>Jetty thread pool maximum</td></tr>
 * <tr><td>{@code cometdTimeoutMs}</td><td>20000</td><td>CometD long-poll hold time ({@code timeout})</td></tr>
 * <tr><td>{@code maxInterval}</td><td>10000</td><td>CometD {@code maxInterval} (ms without a connect before a session expires)</td></tr>
 * </table>
 */
public final class SimulatorConfig {
    /** Prefix of every property key. */
    public static final String PREFIX = "gws.sim.";
    /** The property naming an optional properties file. */
    public static final String CONFIG_FILE_KEY = PREFIX + "config";

    private static final List<String> SETTINGS = List.of("host", "port", "agents", "supervisors", "usersFile",
            "generatedPassword", "credentialsOut", "maxThreads", "cometdTimeoutMs", "maxInterval");

    private final String host;
    private final int port;
    private final int agents;
    private final int supervisors;
    private final Path usersFile;
    private final String generatedPassword;
    private final Path credentialsOut;
    private final int maxThreads;
    private final long cometdTimeoutMs;
    private final long maxInterval;
    private final Knobs knobs;

    private SimulatorConfig(String host, int port, int agents, int supervisors, Path usersFile,
            String generatedPassword, Path credentialsOut, int maxThreads, long cometdTimeoutMs, long maxInterval,
            Knobs knobs) {
        this.host = host;
        this.port = port;
        this.agents = agents;
        this.supervisors = supervisors;
        this.usersFile = usersFile;
        this.generatedPassword = generatedPassword;
        this.credentialsOut = credentialsOut;
        this.maxThreads = maxThreads;
        this.cometdTimeoutMs = cometdTimeoutMs;
        this.maxInterval = maxInterval;
        this.knobs = knobs;
    }

    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, 100, 10, null, "password", null, 200, 20_000, 10_000,
                Knobs.defaults());
    }

    /** {@link #fromProperties} over the JVM's system properties ({@code -Dgws.sim.agents=500}). */
    public static SimulatorConfig fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    /** Reads every {@code gws.sim.*} key (and the file named by {@code gws.sim.config}) over the defaults. */
    public static SimulatorConfig fromProperties(Properties properties) {
        return fromProperties(properties, defaults());
    }

    /** As {@link #fromProperties(Properties)} over the given base instead of the defaults. */
    static SimulatorConfig fromProperties(Properties properties, SimulatorConfig base) {
        Map<String, String> values = new LinkedHashMap<>();
        String file = properties.getProperty(CONFIG_FILE_KEY);
        if (file != null && !file.isBlank()) {
            values.putAll(readFile(Path.of(file.trim())));
        }
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PREFIX) && !key.equals(CONFIG_FILE_KEY)) {
                values.put(key.substring(PREFIX.length()), properties.getProperty(key));
            }
        }
        return base.with(values);
    }

    private static Map<String, String> readFile(Path path) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(CONFIG_FILE_KEY + " names '" + path + "', which cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
            if (name.equals("config")) {
                throw new IllegalArgumentException("The simulator config file '" + path
                        + "' must not name another config file");
            }
            values.put(name, p.getProperty(key));
        }
        return values;
    }

    /**
     * A copy with settings and knobs given by name (without the prefix), all or nothing; an unknown
     * name or bad value throws with one sentence naming {@code gws.sim.<name>}.
     */
    public SimulatorConfig with(Map<String, String> settings) {
        SimulatorConfig c = this;
        Map<String, Object> knobChanges = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (Knobs.isKnob(name)) {
                knobChanges.put(name, value);
            } else if (SETTINGS.contains(name)) {
                c = c.withSetting(name, value);
            } else {
                List<String> known = new ArrayList<>(SETTINGS);
                known.addAll(Knobs.names());
                throw new IllegalArgumentException("Unknown simulator setting '" + PREFIX + name
                        + "'; known settings: " + String.join(", ", known));
            }
        }
        try {
            return c.withKnobs(c.knobs.with(knobChanges));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + e.getMessage(), e);
        }
    }

    private SimulatorConfig withSetting(String name, String value) {
        String key = PREFIX + name;
        return switch (name) {
            case "host" -> withHost(SettingValues.nonEmpty(key, value));
            case "port" -> withPort(SettingValues.intBetween(key, value, 0, 65535));
            case "agents" -> withAgents(SettingValues.intBetween(key, value, 0, 1_000_000));
            case "supervisors" -> withSupervisors(SettingValues.intBetween(key, value, 0, 1_000_000));
            case "usersFile" -> withUsersFile(value.isEmpty() ? null : Path.of(value));
            case "generatedPassword" -> withGeneratedPassword(SettingValues.nonEmpty(key, value));
            case "credentialsOut" -> withCredentialsOut(value.isEmpty() ? null : Path.of(value));
            case "maxThreads" -> withMaxThreads(SettingValues.intBetween(key, value, 8, 100_000));
            case "cometdTimeoutMs" -> withCometdTimeoutMs(SettingValues.longAtLeast(key, value, 1));
            case "maxInterval" -> withMaxInterval(SettingValues.longAtLeast(key, value, 1));
            default -> throw new IllegalStateException(name);
        };
    }

    /** The start-up setting names (knobs are listed by {@link Knobs#names()}). */
    public static List<String> settingNames() {
        return SETTINGS;
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(Objects.requireNonNull(host, "host"), port, agents, supervisors, usersFile,
                generatedPassword, credentialsOut, maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    public SimulatorConfig withPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    public SimulatorConfig withAgents(int agents) {
        if (agents < 0) {
            throw new IllegalArgumentException("agents must be >= 0, got " + agents);
        }
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    public SimulatorConfig withSupervisors(int supervisors) {
        if (supervisors < 0) {
            throw new IllegalArgumentException("supervisors must be >= 0, got " + supervisors);
        }
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    /** Users from this CSV instead of generated ones; null for generated. */
    public SimulatorConfig withUsersFile(Path usersFile) {
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    public SimulatorConfig withGeneratedPassword(String generatedPassword) {
        if (generatedPassword == null || generatedPassword.isEmpty()) {
            throw new IllegalArgumentException("generatedPassword must not be empty");
        }
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    /** Where {@link GwsSimulator#start} writes the credentials CSV; null for nowhere. */
    public SimulatorConfig withCredentialsOut(Path credentialsOut) {
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    public SimulatorConfig withMaxThreads(int maxThreads) {
        if (maxThreads < 8) {
            throw new IllegalArgumentException("maxThreads must be >= 8, got " + maxThreads);
        }
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    public SimulatorConfig withCometdTimeoutMs(long cometdTimeoutMs) {
        if (cometdTimeoutMs < 1) {
            throw new IllegalArgumentException("cometdTimeoutMs must be >= 1, got " + cometdTimeoutMs);
        }
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    public SimulatorConfig withMaxInterval(long maxInterval) {
        if (maxInterval < 1) {
            throw new IllegalArgumentException("maxInterval must be >= 1, got " + maxInterval);
        }
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, knobs);
    }

    public SimulatorConfig withKnobs(Knobs knobs) {
        return new SimulatorConfig(host, port, agents, supervisors, usersFile, generatedPassword, credentialsOut,
                maxThreads, cometdTimeoutMs, maxInterval, Objects.requireNonNull(knobs, "knobs"));
    }

    /** A copy with one knob changed (see {@link Knobs}). */
    public SimulatorConfig withKnob(String name, Object value) {
        return withKnobs(knobs.with(name, value));
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int agents() {
        return agents;
    }

    public int supervisors() {
        return supervisors;
    }

    public Path usersFile() {
        return usersFile;
    }

    public String generatedPassword() {
        return generatedPassword;
    }

    public Path credentialsOut() {
        return credentialsOut;
    }

    public int maxThreads() {
        return maxThreads;
    }

    public long cometdTimeoutMs() {
        return cometdTimeoutMs;
    }

    public long maxInterval() {
        return maxInterval;
    }

    public Knobs knobs() {
        return knobs;
    }

    /**
     * The settings as values (never the generated password), the knobs under {@code knobs}; {@code port} 0 reads
     * as "any free port" since the port actually bound is the run's target URL.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("port", port == 0 ? "any free port" : port);
        m.put("agents", agents);
        m.put("supervisors", supervisors);
        if (usersFile != null) {
            m.put("usersFile", usersFile.toString());
        }
        m.put("maxThreads", maxThreads);
        m.put("cometdTimeoutMs", cometdTimeoutMs);
        m.put("maxInterval", maxInterval);
        m.put("knobs", knobs.toMap());
        return m;
    }

    /** Never shows the generated password. */
    @Override
    public String toString() {
        return "SimulatorConfig{host=" + host + ", port=" + port + ", agents=" + agents + ", supervisors="
                + supervisors + ", usersFile=" + usersFile + ", credentialsOut=" + credentialsOut + ", maxThreads="
                + maxThreads + ", cometdTimeoutMs=" + cometdTimeoutMs + ", maxInterval=" + maxInterval + ", knobs="
                + knobs + "}";
    }
}
