package io.signalbridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of docs/architecture.md, checked on every build. */
@AnalyzeClasses(packages = "io.signalbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The simulated orgs stand in for Salesforce and Marketo: they know nothing of the product. */
    @ArchTest
    static final ArchRule sandboxStandsAlone = noClasses().that().resideInAPackage("io.signalbridge.sandbox..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.signalbridge.scoring..", "io.signalbridge.signals..", "io.signalbridge.mapping..",
                    "io.signalbridge.salesforce..", "io.signalbridge.marketo..", "io.signalbridge.segments..",
                    "io.signalbridge.failures..", "io.signalbridge.web..")
            .allowEmptyShould(true);

    /** Nothing of ours reaches into the simulated orgs: they are swapped for real ones by configuration alone. */
    @ArchTest
    static final ArchRule productDoesNotUseTheSandbox = noClasses().that().resideOutsideOfPackage("io.signalbridge.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.signalbridge.sandbox..")
            .allowEmptyShould(true);

    /** The scoring core is plain Java and its ML library: no Camel, Spring, JDBC or HTTP. */
    @ArchTest
    static final ArchRule scoringCoreIsPlainJava = noClasses().that().resideInAPackage("io.signalbridge.scoring..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.apache.camel..", "org.springframework..", "java.sql..", "javax.sql..", "java.net.http..",
                    "jakarta.servlet..", "io.signalbridge.sandbox..", "io.signalbridge.web..")
            .allowEmptyShould(true);
}
