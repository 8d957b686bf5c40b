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
import java.util.Properties;

import io.gwsload.settings.Registry;
import io.gwsload.settings.Setting;
import io.gwsload.settings.ValueTypes;
import io.gwsload.settings.Values;

/**
 * How to start a {@link GwsSimulator}: where it listens, which users exist, server sizing ({@link #SETTINGS}, each
 * declared once below), and the initial {@link Knobs}. An immutable value: {@link #defaults()} and copies with
 * settings changed.
 *
 * <p>Read from properties with {@link #fromProperties} / {@link #fromSystemProperties}: every key is
 * {@code gws.sim.<name>}, where name is a start-up setting or a knob. {@code gws.sim.config} names an optional
 * properties file read first (its keys may omit the {@code gws.sim.} prefix); the given properties override it.
 * An unknown {@code gws.sim.*} key or a bad value throws {@link IllegalArgumentException} with one sentence.
 */
public final class SimulatorConfig {
    /** Prefix of every property key. */
    public static final String PREFIX = "gws.sim.";
    /** The property naming an optional properties file. */
    public static final String CONFIG_FILE_KEY = PREFIX + "config";

    /** The start-up settings, declared once (the README's table is this). */
    public static final Registry SETTINGS = new Registry("simulator setting", PREFIX);

    private static final Setting.ValueType<Path> PATH = ValueTypes.custom("a file path",
            (name, text) -> text.isEmpty() ? null : Path.of(text), Path::toString);

    public static final Setting<String> HOST = SETTINGS.add("host", ValueTypes.nonEmptyText(), "127.0.0.1",
            "address to bind");
    public static final Setting<Integer> PORT = SETTINGS.add("port", ValueTypes.integer(0, 65535), 0,
            "port to bind; 0 picks a free one");
    public static final Setting<Integer> AGENTS = SETTINGS.add("agents", ValueTypes.integer(0, 1_000_000), 100,
            "generated agents `agent0001`, ... (simulations raise it to what they need; ignored with a users file)");
    public static final Setting<Integer> SUPERVISORS = SETTINGS.add("supervisors", ValueTypes.integer(0, 1_000_000),
            10, "generated supervisors `supervisor001`, ...");
    public static final Setting<Path> USERS_FILE = SETTINGS.add("usersFile", PATH, null, "(none)",
            "CSV `username,password,role,nickname` instead of generated users");
    public static final Setting<String> GENERATED_PASSWORD = SETTINGS.add("generatedPassword",
            ValueTypes.nonEmptyText(), "password", "password of the generated users");
    public static final Setting<Path> CREDENTIALS_OUT = SETTINGS.add("credentialsOut", PATH, null, "(none)",
            "where to write the users' credentials CSV at start");
    public static final Setting<Integer> MAX_THREADS = SETTINGS.add("maxThreads", ValueTypes.integer(8, 100_000), 200,
            "Jetty thread pool maximum");
    public static final Setting<Long> COMETD_TIMEOUT_MS = SETTINGS.add("cometdTimeoutMs", ValueTypes.longAtLeast(1),
            20_000L, "CometD long-poll hold time (ms)");
    public static final Setting<Long> MAX_INTERVAL = SETTINGS.add("maxInterval", ValueTypes.longAtLeast(1), 10_000L,
            "CometD `maxInterval`: ms without a connect before a session expires");

    private static final SimulatorConfig DEFAULTS = new SimulatorConfig(SETTINGS.defaults(), Knobs.defaults());

    private final Values values;
    private final Knobs knobs;

    private SimulatorConfig(Values values, Knobs knobs) {
        this.values = values;
        this.knobs = knobs;
    }

    public static SimulatorConfig defaults() {
        return DEFAULTS;
    }

    /** {@link #fromProperties} over the JVM's system properties ({@code -Dgws.sim.agents=500}). */
    public static SimulatorConfig fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    /**
     * {@link #fromSystemProperties()} over a simulation's own defaults ({@code workers=4} for a capacity run): the
     * user's {@code -Dgws.sim.*} still win.
     */
    public static SimulatorConfig fromSystemProperties(Map<String, String> simulationDefaults) {
        return fromProperties(System.getProperties(), defaults().with(simulationDefaults));
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
        Map<String, Object> startUp = new LinkedHashMap<>();
        Map<String, Object> knobChanges = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (Knobs.isKnob(name)) {
                knobChanges.put(name, value);
            } else if (SETTINGS.get(name) != null) {
                startUp.put(name, value);
            } else {
                List<String> known = new ArrayList<>(settingNames());
                known.addAll(Knobs.names());
                throw new IllegalArgumentException("Unknown simulator setting '" + PREFIX + name
                        + "'; known settings: " + String.join(", ", known));
            }
        }
        try {
            return new SimulatorConfig(values.with(startUp), knobs.with(knobChanges));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + e.getMessage(), e);
        }
    }

    /** A copy with one start-up setting changed. */
    public <T> SimulatorConfig with(Setting<T> setting, T value) {
        return new SimulatorConfig(values.with(setting, setting.parse(value == null ? "" : value)), knobs);
    }

    /** The start-up setting names (knobs are listed by {@link Knobs#names()}). */
    public static List<String> settingNames() {
        return SETTINGS.all().stream().map(Setting::name).toList();
    }

    public SimulatorConfig withPort(int port) {
        return with(PORT, port);
    }

    public SimulatorConfig withAgents(int agents) {
        return with(AGENTS, agents);
    }

    public SimulatorConfig withSupervisors(int supervisors) {
        return with(SUPERVISORS, supervisors);
    }

    public SimulatorConfig withUsersFile(Path usersFile) {
        return with(USERS_FILE, usersFile);
    }

    public SimulatorConfig withCredentialsOut(Path credentialsOut) {
        return with(CREDENTIALS_OUT, credentialsOut);
    }

    public SimulatorConfig withKnobs(Knobs knobs) {
        return new SimulatorConfig(values, java.util.Objects.requireNonNull(knobs, "knobs"));
    }

    public SimulatorConfig withKnob(String name, Object value) {
        return withKnobs(knobs.with(name, value));
    }

    public String host() {
        return values.get(HOST);
    }

    public int port() {
        return values.get(PORT);
    }

    public int agents() {
        return values.get(AGENTS);
    }

    public int supervisors() {
        return values.get(SUPERVISORS);
    }

    public Path usersFile() {
        return values.get(USERS_FILE);
    }

    public String generatedPassword() {
        return values.get(GENERATED_PASSWORD);
    }

    public Path credentialsOut() {
        return values.get(CREDENTIALS_OUT);
    }

    public int maxThreads() {
        return values.get(MAX_THREADS);
    }

    public long cometdTimeoutMs() {
        return values.get(COMETD_TIMEOUT_MS);
    }

    public long maxInterval() {
        return values.get(MAX_INTERVAL);
    }

    public Knobs knobs() {
        return knobs;
    }

    /**
     * The settings as values (never the generated password), the knobs under {@code knobs}; {@code port} 0 reads
     * as "any free port" since the port actually bound is the run's target URL.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(values.toMap());
        m.remove(GENERATED_PASSWORD.name());
        m.remove(CREDENTIALS_OUT.name());
        if (port() == 0) {
            m.put(PORT.name(), "any free port");
        }
        m.values().removeIf(java.util.Objects::isNull);
        m.put("knobs", knobs.toMap());
        return m;
    }

    /** Never shows the generated password. */
    @Override
    public String toString() {
        return "SimulatorConfig" + toMap();
    }
}
