package io.signet.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Provider;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The build's native AES-GCM: present and chosen on the platforms the build carries it for (so that the routes tested
 * as "native" elsewhere are really the native provider's, and a build that lost it fails here instead of quietly
 * running on the JDK), and in agreement with the JDK.
 */
class NativeGcmTest {
    @Test
    void isChosenOnLinuxX86AndArm() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        boolean carried = os.equals("linux") && (arch.equals("amd64") || arch.equals("aarch64"));
        assertEquals(carried, NativeGcm.provider().isPresent(), NativeGcm.description());
        if (carried) {
            assertTrue(NativeGcm.description().contains("native AWS-LC"), NativeGcm.description());
        }
    }

    @Test
    void agreesWithTheJdk() throws Exception {
        Provider provider = NativeGcm.provider().orElseThrow(() -> new AssertionError(NativeGcm.description()));
        assertTrue(NativeGcm.agreesWithJdk(provider));
        assertEquals(provider.getName(), NativeGcm.cipher(provider).getProvider().getName());
    }
}
