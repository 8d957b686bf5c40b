package io.gwsload.gatling.runtime;

import io.gwsload.client.Credentials;
import io.gwsload.gatling.Params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.gwsload.simulator.GwsSimulator;
import io.gwsload.simulator.SimulatorConfig;

/**
 * What a user can get wrong before load starts, each answered by one sentence: the run's shared pieces
 * are started as Gatling would start them, without Gatling.
 */
class GwsRuntimeSetupTest {
    @TempDir
    Path dir;

    private final PrintStream console = new PrintStream(new ByteArrayOutputStream());

    @Test
    void aRealGwsNeedsACredentialsFile() {
        GwsConfig config = config("gws.url", "http://127.0.0.1:9");
        GwsSetupException e = assertThrows(GwsSetupException.class, () -> GwsRuntime.start(config, "t", console));
        assertEquals("A real GWS at http://127.0.0.1:9 needs a credentials file: pass -Dgws.credentials=agents.csv "
                + "(lines username,password[,role[,nickname]]).", e.getMessage());
    }

    @Test
    void aMissingOrMalformedCredentialsFileIsNamedWithItsLine() throws Exception {
        Path missing = dir.resolve("nobody.csv");
        GwsSetupException e = assertThrows(GwsSetupException.class, () -> GwsRuntime.start(
                config("gws.url", "http://127.0.0.1:9", "gws.credentials", missing.toString()), "t", console));
        assertEquals("Credentials file " + missing.toAbsolutePath() + " does not exist.", e.getMessage());

        Path bad = dir.resolve("agents.csv");
        Files.writeString(bad, "username,password,role\nagent0001,secret,agent\nagent0002\n");
        e = assertThrows(GwsSetupException.class, () -> GwsRuntime.start(
                config("gws.url", "http://127.0.0.1:9", "gws.credentials", bad.toString()), "t", console));
        assertEquals("Credentials file " + bad + " line 3 has 1 field(s); expected username,password[,role[,nickname]].",
                e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "never a password in a message");
    }

    @Test
    void wrongCredentialsAreRefusedBeforeLoad() throws Exception {
        try (GwsSimulator sim = GwsSimulator.start(SimulatorConfig.defaults().withAgents(2).withSupervisors(0))) {
            Path file = dir.resolve("agents.csv");
            Files.writeString(file, "agent0001,wrong-password\n");
            GwsSetupException e = assertThrows(GwsSetupException.class, () -> GwsRuntime.start(
                    config("gws.url", sim.baseUrl(), "gws.credentials", file.toString()), "t", console));
            assertTrue(e.getMessage().startsWith("GWS refused the credentials of agent0001 (HTTP 401, statusCode 20"),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("wrong-password"));
        }
    }

    @Test
    void aUrlThatIsNotGwsIsSaidSo() throws Exception {
        try (GwsSimulator sim = GwsSimulator.start(SimulatorConfig.defaults().withAgents(1).withSupervisors(0))) {
            Path file = dir.resolve("agents.csv");
            Files.writeString(file, "agent0001,password\n");
            // The control endpoint answers JSON, but not GWS's.
            GwsSetupException e = assertThrows(GwsSetupException.class, () -> GwsRuntime.start(
                    config("gws.url", sim.baseUrl() + "/sim", "gws.credentials", file.toString()), "t", console));
            assertTrue(e.getMessage().contains("/api/v2/me"), e.getMessage());
        }
    }

    @Test
    void badParametersAreOneSentenceEach() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> config("gws.tranport", "websocket"));
        assertTrue(unknown.getMessage().startsWith("Unknown parameter -Dgws.tranport; gws-load knows gws.url, "),
                unknown.getMessage());
        assertEquals("-Dgws.operationTimeout must be a duration like 500ms, 30s, 2m or 1h (at least 1ms), got '10'",
                assertThrows(IllegalArgumentException.class, () -> config("gws.operationTimeout", "10")).getMessage());
        assertEquals("-Dgws.transport must be long-polling or websocket, got 'carrier-pigeon'",
                assertThrows(IllegalArgumentException.class, () -> config("gws.transport", "carrier-pigeon"))
                        .getMessage());
        assertEquals("-Dgws.channels must be chat, sms or both (chat,sms), got 'chat,voice'",
                assertThrows(IllegalArgumentException.class, () -> config("gws.channels", "chat,voice")).getMessage());
        assertEquals("-Dgws.url must look like http://host:port or https://host:port, got 'gws.example.com'",
                assertThrows(IllegalArgumentException.class, () -> config("gws.url", "gws.example.com")).getMessage());
    }

    @Test
    void simulationParametersAreCheckedToo() {
        System.setProperty("agents", "twenty");
        try {
            GwsSetupException e = assertThrows(GwsSetupException.class, () -> Params.integer("agents", 20, 1, 100));
            assertEquals("Parameter -Dagents must be a whole number from 1 to 100, got 'twenty' (default 20).",
                    e.getMessage());
            System.setProperty("agents", "0");
            e = assertThrows(GwsSetupException.class, () -> Params.integer("agents", 20, 1, 100));
            assertEquals("Parameter -Dagents must be a whole number from 1 to 100, got '0' (default 20).",
                    e.getMessage());
        } finally {
            System.clearProperty("agents");
        }
    }

    private static GwsConfig config(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        p.setProperty("gws.results", "target/gws-setup-test");
        return GwsConfig.from(p);
    }
}
