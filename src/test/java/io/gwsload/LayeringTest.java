package io.gwsload;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The architecture on the compiled classes. A step travels: the DSL ({@code io.gwsload.gatling}, what a
 * simulation imports) builds an action ({@code gatling.action}), which runs on the run's runtime
 * ({@code gatling.runtime}: config, connections, shards), which posts through the {@code client}; the
 * client hands notifications to the {@code collector} ({@code tracker} decides, {@code rules} are its pure
 * completion rules, {@code books} its counts and latencies); {@code report} writes what the run measured
 * ({@code run}, {@code live}, {@code compare}, {@code capacity}, {@code chart}). {@code api} (the wire
 * model) uses none of them; the simulator shares only {@code api} with the harness.
 */
class LayeringTest {
    private static final String DSL = "io.gwsload.gatling";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gwsload");

    /** The shipped simulations (test classes under gwsload), benchmarks apart: what users copy. */
    private static final JavaClasses SIMULATIONS = new ClassFileImporter().importPackages("gwsload");

    @Test
    void apiUsesNoOtherPackage() {
        noClasses().that().resideInAPackage("io.gwsload.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.client..", "io.gwsload.collector..",
                        "io.gwsload.gatling..", "io.gwsload.report..", "io.gwsload.simulator..", "io.gwsload.customer..")
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
    void theCompletionRulesArePureAndTheBooksOnlyCount() {
        noClasses().that().resideInAnyPackage("io.gwsload.collector.rules..", "io.gwsload.collector.books..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.client..",
                        "io.gwsload.collector.tracker..")
                .check(MAIN);
    }

    @Test
    void theSimulatorSharesOnlyTheApiWithTheHarness() {
        noClasses().that().resideInAPackage("io.gwsload.simulator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.client..", "io.gwsload.collector..",
                        "io.gwsload.gatling..", "io.gwsload.report..", "io.gwsload.customer..")
                .check(MAIN);
    }

    @Test
    void theSimulatorsModelKnowsNoTransport() {
        noClasses().that().resideInAnyPackage("io.gwsload.simulator.model..", "io.gwsload.simulator.users..",
                        "io.gwsload.simulator.truth..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.simulator.http..",
                        "org.eclipse.jetty..", "jakarta.servlet..")
                .check(MAIN);
    }

    @Test
    void reportsDoNotDriveTheRun() {
        noClasses().that().resideInAPackage("io.gwsload.report..")
                .should().dependOnClassesThat().resideInAnyPackage("io.gwsload.gatling..", "io.gwsload.client..",
                        "io.gwsload.simulator..")
                .check(MAIN);
    }

    @Test
    void nothingInsideImportsTheDsl() {
        noClasses().that().resideOutsideOfPackage(DSL)
                .should().dependOnClassesThat().resideInAPackage(DSL)
                .check(MAIN);
    }

    @Test
    void theRuntimeRunsNoActions() {
        noClasses().that().resideInAPackage("io.gwsload.gatling.runtime..")
                .should().dependOnClassesThat().resideInAPackage("io.gwsload.gatling.action..")
                .check(MAIN);
    }

    @Test
    void shippedSimulationsImportOnlyTheDslAndTheWireModel() {
        classes().that().resideInAPackage("gwsload").and().haveSimpleNameNotContaining("Benchmark")
                .should().onlyDependOnClassesThat().resideOutsideOfPackages("io.gwsload.gatling.action..",
                        "io.gwsload.gatling.runtime..", "io.gwsload.collector..", "io.gwsload.client..",
                        "io.gwsload.report..", "io.gwsload.simulator..", "io.gwsload.settings..")
                .check(SIMULATIONS);
    }
}
