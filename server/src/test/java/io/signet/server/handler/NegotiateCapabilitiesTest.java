package io.signet.server.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.message.NegotiateResponse;
import org.junit.jupiter.api.Test;

/** [MS-SMB2] 3.3.5.4: SMB2_GLOBAL_CAP_PERSISTENT_HANDLES only to 3.x, and only while a share is continuously available. */
class NegotiateCapabilitiesTest {
    private static final int PERSISTENT = NegotiateResponse.CAP_PERSISTENT_HANDLES;

    @Test
    void persistentHandlesAreOfferedTo3xOnlyWhenAShareIsContinuouslyAvailable() {
        for (Dialect d : Dialect.values()) {
            assertEquals(0, NegotiateHandler.capabilities(d, true, false) & PERSISTENT, d + " without a CA share");
            assertEquals(d.isSmb3() ? PERSISTENT : 0, NegotiateHandler.capabilities(d, true, true) & PERSISTENT,
                    d + " with a CA share");
        }
    }
}
