package io.signet.server;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graphs of {@code server} and {@code storage} have no cycle: no two packages use each other, directly or
 * through others. Each package is its own node, the root package of the module included, so shared tables cannot
 * reach back into connections and the wiring stays above what it wires (docs/ARCHITECTURE.md draws the graph).
 * Read from the compiled classes, so a fully qualified name without an import counts as much as an import; compile-time
 * constants, which javac inlines, are the one use it cannot see.
 */
class PackageGraphTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                // storage arrives as its jar under `mvn verify` and as target/classes under `mvn test`: both count
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.signet.server", "io.signet.storage");
    }

    @Test
    void serverPackagesFormNoCycle() {
        SlicesRuleDefinition.slices().assignedFrom(packagesOf("io.signet.server")).should().beFreeOfCycles()
                .check(classes);
    }

    @Test
    void storagePackagesFormNoCycle() {
        SlicesRuleDefinition.slices().assignedFrom(packagesOf("io.signet.storage")).should().beFreeOfCycles()
                .check(classes);
    }

    /** One slice per package of the module rooted at {@code root}, the root package itself included. */
    private static SliceAssignment packagesOf(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String pkg = javaClass.getPackageName();
                return pkg.equals(root) || pkg.startsWith(root + ".") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages of " + root;
            }
        };
    }
}
