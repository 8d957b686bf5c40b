package io.gwsload;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The architecture of DESIGN.md §2, on the compiled main classes: data flows simulation step →
 * {@code gatling} → {@code client} → server → {@code client} listener → {@code collector} → {@code report}.
 * {@code api} uses none of them; the simulator shares only {@code api} with the harness; the client
 * knows nothing of correlation (it hands events to listeners it is given).
 */
class LayeringTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gwsload");

    @Test
    void apiUsesNoOtherPackage() {
        noClasses().that().resideInAPackage("io.gwsload.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.client..", "io.gwsload.collector..",
                        "io.gwsload.gatling..", "io.gwsload.report..", "io.gwsload.simulator..")
                .check(MAIN);
    }

    @Test
    void theClientImportsNeitherTheCollectorNorGatlingNorReports() {
        noClasses().that().resideInAPackage("io.gwsload.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.collector..", "io.gwsload.gatling..",
                        "io.gwsload.report..", "io.gwsload.simulator..")
                .check(MAIN);
    }

    @Test
    void theCollectorKnowsNothingOfGatlingOrReports() {
        noClasses().that().resideInAPackage("io.gwsload.collector..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.gatling..", "io.gwsload.report..",
                        "io.gwsload.simulator..", "io.gatling..")
                .check(MAIN);
    }

    @Test
    void theSimulatorSharesOnlyTheApiWithTheHarness() {
        noClasses().that().resideInAPackage("io.gwsload.simulator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.client..", "io.gwsload.collector..",
                        "io.gwsload.gatling..", "io.gwsload.report..")
                .check(MAIN);
    }

    @Test
    void reportsDoNotDriveTheRun() {
        noClasses().that().resideInAPackage("io.gwsload.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.gatling..", "io.gwsload.client..",
                        "io.gwsload.simulator..")
                .check(MAIN);
    }
}
