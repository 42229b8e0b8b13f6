package io.signet.server.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.signet.config.Limits;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionAdmissionTest {
    private final InetAddress one = InetAddress.getLoopbackAddress();
    private final InetAddress two = address();

    private static InetAddress address() {
        try {
            return InetAddress.getByName("127.0.0.2");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theAddressAtItsLimitIsRefusedAndAnotherIsNot() {
        ConnectionAdmission admission = new ConnectionAdmission(Limits.DEFAULT.withMaxConnectionsPerAddress(2),
                new DescriptorBudget(Long.MAX_VALUE, 0));
        assertNull(admission.take(one));
        assertNull(admission.take(one));
        String refusal = admission.take(one);
        assertNotNull(refusal);
        assertTrue(refusal.contains("max connections per address"), refusal);
        assertNull(admission.take(two));
        admission.release(one);
        assertNull(admission.take(one), "a closed connection makes room");
        assertEquals(2, admission.connections(one));
    }

    @Test
    void theServerTotalBoundsAllAddresses() {
        ConnectionAdmission admission = new ConnectionAdmission(Limits.DEFAULT.withMaxConnections(3),
                new DescriptorBudget(Long.MAX_VALUE, 0));
        assertNull(admission.take(one));
        assertNull(admission.take(one));
        assertNull(admission.take(two));
        String refusal = admission.take(two);
        assertNotNull(refusal);
        assertTrue(refusal.contains("(max connections)"), refusal);
        admission.release(one);
        assertNull(admission.take(two));
    }

    @Test
    void noDescriptorLeftRefusesAndCountsNothing() {
        DescriptorBudget budget = new DescriptorBudget(200, 100);
        ConnectionAdmission admission = new ConnectionAdmission(Limits.DEFAULT, budget);
        int admitted = 0;
        while (admission.take(one) == null) {
            admitted++;
            if (admitted > 1000) {
                throw new AssertionError("never refused");
            }
        }
        assertEquals(admitted, admission.connections(one), "the refused connection is not counted");
        assertEquals(admitted, budget.inUse());
    }

    @Test
    void defaultsAdmitMoreThanAThousandConnectionsFromOneAddress() {
        ConnectionAdmission admission = new ConnectionAdmission(Limits.DEFAULT,
                new DescriptorBudget(Long.MAX_VALUE, 0));
        for (int i = 0; i < 1100; i++) {
            assertNull(admission.take(one), "connection " + i);
        }
    }
}
