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
 * Options: {@code --host 127.0.0.1 --port 8090 --agents 100 --supervisors 10 --users-file users.csv
 * --config sim.properties --credentials-out target/gws-simulator/credentials.csv}. Knobs come from the
 * {@code --config} properties file or {@code -Dgws.sim.<knob>=value} (see {@link Knobs}); options
 * override both. It prints one line with the URL, the CometD path and the credentials file. Bad
 * arguments: one sentence and the usage on stderr, exit status 2.
 */
public final class SimulatorMain {
    static final String USAGE = "usage: SimulatorMain [--host 127.0.0.1] [--port 8090] [--agents 100] "
            + "[--supervisors 10] [--users-file users.csv] [--config sim.properties] "
            + "[--credentials-out target/gws-simulator/credentials.csv]";

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
            String key = switch (name) {
                case "host" -> "host";
                case "port" -> "port";
                case "agents" -> "agents";
                case "supervisors" -> "supervisors";
                case "users-file" -> "usersFile";
                case "credentials-out" -> "credentialsOut";
                case "config" -> null;
                default -> throw new IllegalArgumentException("Unknown option --" + name);
            };
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
}
