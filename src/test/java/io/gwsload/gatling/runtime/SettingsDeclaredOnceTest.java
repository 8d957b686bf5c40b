package io.gwsload.gatling.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.gwsload.settings.Registry;
import io.gwsload.settings.Setting;
import io.gwsload.simulator.Knobs;
import io.gwsload.simulator.SimulatorConfig;

/**
 * Every setting is declared once: the README's tables are the registries' own (a change to one without the other
 * fails here), every documented default is accepted as a value, {@code -Dgws.metrics.port=0} means off as
 * documented, and no code but the declarations reads a {@code "gws.} name.
 */
class SettingsDeclaredOnceTest {
    private static final List<Registry> REGISTRIES = List.of(HarnessSettings.GWS, SimulatorConfig.SETTINGS,
            Knobs.REGISTRY);
    private static final List<String> HEADERS = List.of("Parameter", "Setting", "Knob");

    @Test
    void theReadmesTablesAreTheDeclarations() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < REGISTRIES.size(); i++) {
            expected.append(REGISTRIES.get(i).markdownTable(HEADERS.get(i))).append('\n');
        }
        Files.writeString(Path.of("target", "readme-tables.md"), expected.toString());
        for (int i = 0; i < REGISTRIES.size(); i++) {
            assertTrue(readme.contains(REGISTRIES.get(i).markdownTable(HEADERS.get(i))), "README.md must hold the "
                    + "table of " + HEADERS.get(i) + "s as declared (target/readme-tables.md has it)");
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyDocumentedDefaultIsAcceptedAsAValue() {
        for (Registry r : REGISTRIES) {
            for (Setting s : r.all()) {
                if (s.defaultValue() != null && !r.isSecret(s)) {
                    Object echoed = s.echo(s.defaultValue());
                    assertEquals(s.defaultValue(), s.parse(String.valueOf(echoed)), r.prefix() + s.name());
                }
            }
        }
        Properties p = new Properties();
        p.setProperty("gws.metrics.port", "0");
        assertEquals(0, GwsConfig.from(p).metricsPort(), "0 means no live metrics, as documented");
    }

    @Test
    void noCodeButTheDeclarationsReadsAGwsName() throws IOException {
        List<String> readers = new ArrayList<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("simulations"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String name = f.getFileName().toString();
                    if (name.equals("HarnessSettings.java") || name.equals("SimulatorConfig.java")) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).contains("\"gws.")) {
                            readers.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), readers, "gws.* names are read through HarnessSettings / SimulatorConfig only");
    }
}
