package io.signet.server.durable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.DurableHandleReconnect;
import io.signet.protocol.smb2.message.DurableHandleReconnectV2;
import io.signet.protocol.smb2.message.DurableHandleRequest;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The durable contexts of a CREATE against each other ([MS-SMB2] 3.3.5.9.6-12), and the timeout granted. */
class DurableRequestTest {
    private static final CreateGuid GUID = new CreateGuid(1, 2);
    private static final FileId FILE = new FileId(7, 8);

    @Test
    void aReconnectWinsOverADurableV1RequestWhichIsIgnored() {
        DurableRequest r = DurableRequest.of(request(new DurableHandleRequest().toContext(),
                new DurableHandleReconnect(FILE).toContext()));
        assertEquals(DurableRequest.Kind.RECONNECT_V1, r.kind());
        assertEquals(FILE, r.fileId());
    }

    @Test
    void v2ContextsBesideAnyOtherDurableContextAreInvalid() {
        List<List<CreateContext>> invalid = List.of(
                List.of(new DurableHandleRequestV2(0, 0, GUID).toContext(), new DurableHandleRequest().toContext()),
                List.of(new DurableHandleReconnectV2(FILE, GUID, 0).toContext(),
                        new DurableHandleRequest().toContext()),
                List.of(new DurableHandleReconnect(FILE).toContext(),
                        new DurableHandleReconnectV2(FILE, GUID, 0).toContext()),
                List.of(new DurableHandleReconnect(FILE).toContext(),
                        new DurableHandleRequestV2(0, 0, GUID).toContext()),
                List.of(new DurableHandleReconnectV2(FILE, GUID, 0).toContext(),
                        new DurableHandleRequestV2(0, 0, GUID).toContext()));
        for (List<CreateContext> contexts : invalid) {
            SmbException e = assertThrows(SmbException.class,
                    () -> DurableRequest.of(request(contexts.toArray(CreateContext[]::new))));
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status());
        }
    }

    @Test
    void theTimeoutIsTheRequestsWithinTheMaximumAndSixtySecondsWhenNoneIsAsked() {
        Duration max = Duration.ofSeconds(300);
        assertEquals(Duration.ofSeconds(60), v2(0).timeout(max));
        assertEquals(Duration.ofSeconds(10), v2(10_000).timeout(max));
        assertEquals(max, v2(-1).timeout(max), "0xFFFFFFFF ms is capped");
        DurableRequest v1 = DurableRequest.of(request(new DurableHandleRequest().toContext()));
        assertEquals(Duration.ofSeconds(60), v1.timeout(max));
        assertEquals(Duration.ofSeconds(5), v1.timeout(Duration.ofSeconds(5)));
    }

    private static DurableRequest v2(int timeoutMillis) {
        return DurableRequest.of(request(new DurableHandleRequestV2(timeoutMillis, 0, GUID).toContext()));
    }

    /** A CREATE message (header, then body) decoded as the handler sees it; heap buffers, left to the collector. */
    private static CreateRequest request(CreateContext... contexts) {
        ByteBuf msg = Unpooled.buffer();
        new Smb2Header().command(Smb2Command.CREATE).messageId(7).write(msg);
        new CreateRequest(9, 2, 0x0012019F, 0, 7, 3, 0x40, "f.txt", List.of(contexts)).encode(msg);
        return CreateRequest.decode(msg);
    }
}
