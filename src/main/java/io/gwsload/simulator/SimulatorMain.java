package io.gwsload.simulator;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone until killed (a shutdown hook closes it):
 *
 * <pre>
 * mvn -q compile exec:java@simulator -Dexec.args="--port 8090 --agents 1000"
 * </pre>
 *
 * Options: every start-up setting and knob, by its name or in kebab case ({@code --port 8090 --agents 1000
 * --users-file users.csv --error-rate 0.01}), and {@code --config sim.properties}; they override the
 * {@code --config} file and {@code -Dgws.sim.<name>=value}. Standalone, the port defaults to 8090 and the
 * credentials go to {@code target/gws-simulator/credentials.csv}. It prints one line with the URL, the CometD path and the credentials file. Bad
 * arguments: one sentence and the usage on stderr, exit status 2.
 */
public final class SimulatorMain {
    static final String USAGE = "usage: SimulatorMain [--config sim.properties] [--<setting or knob> value ...], "
            + "e.g. --port 8090 --agents 1000 --users-file users.csv --error-rate 0.01; settings: "
            + String.join(", ", SimulatorConfig.settingNames()) + "; knobs: " + String.join(", ", Knobs.names());

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        SimulatorConfig config;
        try {
            config = parse(args, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        GwsSimulator sim;
        try {
            sim = GwsSimulator.start(config);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "gws-sim-shutdown"));
        System.out.println("GWS simulator at " + sim.baseUrl() + " (CometD " + sim.cometdUrl() + "), "
                + sim.users().size() + " users, credentials in " + config.credentialsOut().toAbsolutePath());
        stopped.await();
    }

    /** The configuration the arguments ask for, over the {@code gws.sim.*} properties. */
    static SimulatorConfig parse(String[] args, Properties properties) {
        Properties merged = new Properties();
        merged.putAll(properties);
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else if (arg.startsWith("--")) {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + arg + " needs a value");
                }
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
            }
            String key = name.equals("config") ? null : camel(name);
            if (key != null && SimulatorConfig.SETTINGS.get(key) == null && !Knobs.isKnob(key)) {
                throw new IllegalArgumentException("Unknown option --" + name);
            }
            if (key == null) {
                merged.setProperty(SimulatorConfig.CONFIG_FILE_KEY, value);
            } else {
                options.put(key, value);
            }
        }
        // standalone, the port defaults to 8090 rather than a free one
        SimulatorConfig config = SimulatorConfig.fromProperties(merged, SimulatorConfig.defaults().withPort(8090))
                .with(options);
        if (config.credentialsOut() == null) {
            config = config.withCredentialsOut(Path.of("target", "gws-simulator", "credentials.csv"));
        }
        return config;
    }

    /** {@code users-file} as {@code usersFile}; a camel-case name as it is. */
    static String camel(String option) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : option.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}
