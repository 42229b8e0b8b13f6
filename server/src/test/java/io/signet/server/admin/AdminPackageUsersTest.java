package io.signet.server.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The admin socket reads the server's tables from above: only the wiring in the root package ({@code SignetServer})
 * and the command line use it, so no request path can come to depend on it.
 */
class AdminPackageUsersTest {
    @Test
    void onlyTheWiringAndTheCommandLineUseTheAdminPackage() {
        noClasses().that().resideInAPackage("io.signet.server..")
                .and().resideOutsideOfPackages("io.signet.server", "io.signet.server.cli", "io.signet.server.admin")
                .should().dependOnClassesThat().resideInAPackage("io.signet.server.admin")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.signet.server"));
    }
}
