package io.gwsload.simulator;

import io.gwsload.simulator.users.Role;

import io.gwsload.simulator.users.UsersCsv;

import io.gwsload.simulator.users.UserTable;

import io.gwsload.simulator.users.UserSpec;

import io.gwsload.simulator.users.SimUser;

import io.gwsload.simulator.model.Distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings, knobs, distributions, the users CSV and the command line: parsing and its one-sentence errors. */
class ConfigurationTest {
    @TempDir
    Path dir;

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void propertiesSetSettingsAndKnobs() {
        SimulatorConfig c = SimulatorConfig.fromProperties(props("gws.sim.agents", "500", "gws.sim.errorRate",
                "0.1", "gws.sim.processingDelay", "lognormal:2:0.5", "unrelated.key", "x"));
        assertEquals(500, c.agents());
        assertEquals(0.1, c.knobs().errorRate());
        assertEquals("lognormal:2:0.5", c.knobs().processingDelay().spec());
        assertEquals(10, c.supervisors());
        assertEquals(Knobs.defaults().maxInteractionsPerAgent(), c.knobs().maxInteractionsPerAgent());
    }

    @Test
    void aConfigFileIsReadAndPropertiesOverrideIt() throws IOException {
        Path file = dir.resolve("sim.properties");
        Files.writeString(file, "agents=7\ngws.sim.supervisors=2\ndropRate=0.5\n");
        SimulatorConfig c = SimulatorConfig.fromProperties(props("gws.sim.config", file.toString(),
                "gws.sim.agents", "9"));
        assertEquals(9, c.agents());
        assertEquals(2, c.supervisors());
        assertEquals(0.5, c.knobs().dropRate());
        assertTrue(error(() -> SimulatorConfig.fromProperties(props("gws.sim.config", dir.resolve("none")
                .toString()))).startsWith("gws.sim.config names '"));
    }

    @Test
    void unknownKeysAndBadValuesAreOneSentence() {
        String unknown = error(() -> SimulatorConfig.fromProperties(props("gws.sim.agnets", "5")));
        assertTrue(unknown.startsWith("Unknown simulator setting 'gws.sim.agnets'; known settings: host, port,"),
                unknown);
        assertEquals("gws.sim.errorRate must be a probability between 0 and 1, got '2'",
                error(() -> SimulatorConfig.fromProperties(props("gws.sim.errorRate", "2"))));
        assertEquals("gws.sim.port must be a whole number from 0 to 65535, got 'http'",
                error(() -> SimulatorConfig.fromProperties(props("gws.sim.port", "http"))));
        assertEquals("gws.sim.csrf must be true or false, got 'yes'",
                error(() -> SimulatorConfig.fromProperties(props("gws.sim.csrf", "yes"))));
        assertEquals("gws.sim.faultScope must be 'referenced' or 'all', got 'some'",
                error(() -> SimulatorConfig.fromProperties(props("gws.sim.faultScope", "some"))));
        assertEquals("gws.sim.offerTimeoutMs must be a whole number >= 0, got '-1'",
                error(() -> SimulatorConfig.fromProperties(props("gws.sim.offerTimeoutMs", "-1"))));
        assertTrue(error(() -> SimulatorConfig.fromProperties(props("gws.sim.processingDelay", "normal:5")))
                .startsWith("gws.sim.processingDelay must be a delay distribution in milliseconds"));
        assertTrue(error(() -> Knobs.defaults().with("nope", 1)).startsWith("Unknown knob 'nope'; known knobs: "
                + "processingDelay, errorRate,"));
    }

    @Test
    void knobsAreImmutableCopies() {
        Knobs base = Knobs.defaults();
        Knobs changed = base.with(Map.of("errorRate", "0.5", "notifyBeforeResponse", true, "disconnectCount", 3));
        assertEquals(0, base.errorRate());
        assertEquals(0.5, changed.errorRate());
        assertTrue(changed.notifyBeforeResponse());
        assertEquals(3, changed.disconnectCount());
        assertEquals(changed, base.with(changed.toMap()));
        assertEquals(Knobs.names(), changed.toMap().keySet());
        // all or nothing: a bad value in a batch keeps the good one out too
        assertThrows(IllegalArgumentException.class, () -> base.with(Map.of("errorRate", 0.5, "dropRate", "x")));
        assertEquals(0, base.errorRate());
    }

    @Test
    void distributions() {
        assertEquals(5.0, Distribution.parse("d", "fixed:5").sampleMillis());
        assertEquals(2.5, Distribution.parse("d", "2.5").sampleMillis());
        assertTrue(Distribution.parse("d", "fixed:0").isZero());
        Distribution uniform = Distribution.parse("d", "uniform:1:3");
        for (int i = 0; i < 1000; i++) {
            double v = uniform.sampleMillis();
            assertTrue(v >= 1 && v <= 3, () -> "uniform sample " + v);
        }
        assertTrue(Distribution.parse("d", "exponential:10").sampleMillis() >= 0);
        assertTrue(Distribution.parse("d", "lognormal:10:0.3").sampleMillis() > 0);
        assertEquals(10.0, Distribution.parse("d", "exponential:10").meanMillis());
        for (String bad : List.of("", "fixed", "fixed:-1", "uniform:3:1", "gauss:1", "fixed:x", "lognormal:1")) {
            assertTrue(error(() -> Distribution.parse("delay", bad)).startsWith("delay must be a delay distribution"),
                    bad);
        }
    }

    @Test
    void usersCsvIsReadWithItsRules() throws IOException {
        Path file = dir.resolve("users.csv");
        Files.writeString(file, "username,password,role,nickname\n# a comment\n\nann,pw1,agent,Ann A\n"
                + "sue,pw2,Supervisor\n", StandardCharsets.UTF_8);
        List<UserSpec> users = UsersCsv.read(file);
        assertEquals(2, users.size());
        assertEquals(new UserSpec("ann", "pw1", Role.AGENT, "Ann A"), users.get(0));
        assertEquals(new UserSpec("sue", "pw2", Role.SUPERVISOR, "sue"), users.get(1));

        GwsSimulator sim = GwsSimulator.start(SimulatorConfig.defaults().withUsersFile(file));
        try {
            assertEquals(List.of("ann", "sue"), sim.users().stream().map(SimUser::username).toList());
            assertEquals(List.of("ROLE_AGENT", "ROLE_SUPERVISOR"), sim.user("sue").role().wireRoles());
        } finally {
            sim.close();
        }
    }

    @Test
    void aMalformedUsersLineIsOneSentenceWithItsLineNumber() throws IOException {
        Map<String, String> cases = Map.of(
                "ann,pw\n", "line 1: expected username,password,role,nickname (nickname optional), got 2 fields",
                "ann,pw,boss,Ann\n", "line 1: role must be 'agent' or 'supervisor', got 'boss'",
                "# c\nann,pw,agent\nann,pw,agent\n", "line 3: username 'ann' is already defined on line 2",
                "ann,,agent\n", "line 1: username and password must not be empty",
                "a n,pw,agent\n", "line 1: username 'a n' may only contain letters, digits and . _ @ -");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = dir.resolve("bad.csv");
            Files.writeString(file, c.getKey());
            String message = error(() -> UsersCsv.read(file));
            assertEquals(file + " " + c.getValue(), message);
        }
        String missing = error(() -> GwsSimulator.start(SimulatorConfig.defaults().withUsersFile(dir.resolve(
                "missing.csv"))));
        assertTrue(missing.startsWith("The users file '"), missing);
    }

    @Test
    void generatedUsersWidenWithTheirCount() {
        List<UserSpec> small = UserTable.generated(3, 2, "pw");
        assertEquals(List.of("agent0001", "agent0002", "agent0003", "supervisor001", "supervisor002"),
                small.stream().map(UserSpec::username).toList());
        List<UserSpec> large = UserTable.generated(12_000, 1_500, "pw");
        assertEquals("agent00001", large.get(0).username());
        assertEquals("agent12000", large.get(11_999).username());
        assertEquals("supervisor0001", large.get(12_000).username());
        assertEquals("Supervisor 1", large.get(12_000).nickname());
        assertEquals(SimUser.idFor("agent0001"), SimUser.idFor("agent0001"));
        assertTrue(SimUser.idFor("agent0001").matches("[0-9a-f]{32}"));
    }

    @Test
    void commandLine() {
        SimulatorConfig c = SimulatorMain.parse(new String[] {"--port", "0", "--agents", "12", "--supervisors=3",
            "--credentials-out", "target/x.csv"}, new Properties());
        assertEquals(0, c.port());
        assertEquals(12, c.agents());
        assertEquals(3, c.supervisors());
        assertEquals(Path.of("target/x.csv"), c.credentialsOut());
        SimulatorConfig defaults = SimulatorMain.parse(new String[0], props("gws.sim.errorRate", "0.2"));
        assertEquals(8090, defaults.port());
        assertEquals(0.2, defaults.knobs().errorRate());
        assertEquals(Path.of("target", "gws-simulator", "credentials.csv"), defaults.credentialsOut());
        assertEquals("Unknown option --agnets", error(() -> SimulatorMain.parse(new String[] {"--agnets", "5"},
                new Properties())));
        assertEquals("Option --port needs a value", error(() -> SimulatorMain.parse(new String[] {"--port"},
                new Properties())));
        assertEquals("gws.sim.agents must be a whole number from 0 to 1000000, got 'many'",
                error(() -> SimulatorMain.parse(new String[] {"--agents", "many"}, new Properties())));
    }
}
