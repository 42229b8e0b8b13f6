package io.signet.server.fsctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FsctlRegistryTest {
    @Test
    void aRegisteredControlFindsItsHandler() {
        FsctlHandler sparse = (ctx, req) -> Unpooled.EMPTY_BUFFER;
        FsctlRegistry registry = new FsctlRegistry(Map.of(CtlCode.FSCTL_SET_SPARSE, sparse));
        assertSame(sparse, registry.handler(CtlCode.FSCTL_SET_SPARSE));
    }

    @Test
    void aControlWithoutAHandlerIsAnInvalidDeviceRequest() {
        FsctlRegistry registry = new FsctlRegistry(Map.of(CtlCode.FSCTL_SET_SPARSE, (ctx, req) -> null));
        SmbException e = assertThrows(SmbException.class, () -> registry.handler(CtlCode.FSCTL_OFFLOAD_READ));
        assertEquals(NtStatus.STATUS_INVALID_DEVICE_REQUEST, e.status());
    }

    @Test
    void theTableIsCopiedWhenTheRegistryIsMade() {
        Map<Integer, FsctlHandler> table = new HashMap<>();
        FsctlRegistry registry = new FsctlRegistry(table);
        table.put(CtlCode.FSCTL_SET_SPARSE, (ctx, req) -> null);
        assertThrows(SmbException.class, () -> registry.handler(CtlCode.FSCTL_SET_SPARSE));
    }
}
