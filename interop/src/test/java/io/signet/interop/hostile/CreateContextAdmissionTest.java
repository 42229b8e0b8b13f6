package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertSessionWorks;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CREATE contexts of odd sizes from an account's own session ([MS-SMB2] 2.2.13.2, 3.3.5.9): a context whose Data the
 * server must read and cannot is refused with a status and creates nothing; a context the server only needs to see
 * (MxAc's optional Timestamp, QFid, TWrp before its lookup) is honoured whatever its Data. The connection is never
 * closed for a context, and the session goes on.
 */
class CreateContextAdmissionTest extends HostileServer {
    private static final int STATUS_EA_LIST_INCONSISTENT = 0x80000014;

    static Stream<Arguments> contexts() {
        return Stream.of(
                // [MS-SMB2] 2.2.13.2.6: AllocationSize is 8 bytes; anything else is malformed.
                Arguments.of("AlSi of 4 bytes", CreateContext.ALLOCATION_SIZE, new byte[4],
                        RawSmb2Client.STATUS_INVALID_PARAMETER),
                Arguments.of("AlSi of 9 bytes", CreateContext.ALLOCATION_SIZE, new byte[9],
                        RawSmb2Client.STATUS_INVALID_PARAMETER),
                Arguments.of("AlSi beyond 2^63 - 1", CreateContext.ALLOCATION_SIZE,
                        new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0x80}, RawSmb2Client.STATUS_INVALID_PARAMETER),
                // [MS-FSCC] 2.4.15: an entry whose NextEntryOffset leads past the buffer.
                Arguments.of("ExtA whose NextEntryOffset overruns", CreateContext.EA_BUFFER,
                        new byte[] {100, 0, 0, 0, 0, 1, 1, 0, 'A', 0, 'v', 0}, STATUS_EA_LIST_INCONSISTENT),
                Arguments.of("ExtA of 3 bytes", CreateContext.EA_BUFFER, new byte[3], STATUS_EA_LIST_INCONSISTENT),
                // [MS-DTYP] 2.4.6: a SECURITY_DESCRIPTOR shorter than its 20-byte header.
                Arguments.of("SecD of 4 bytes", CreateContext.SD_BUFFER, new byte[] {1, 0, 4, (byte) 0x80},
                        RawSmb2Client.STATUS_INVALID_PARAMETER),
                Arguments.of("SecD whose DACL offset overruns", CreateContext.SD_BUFFER, new byte[] {
                        1, 0, 4, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xF0, 0, 0, 0},
                        RawSmb2Client.STATUS_INVALID_PARAMETER),
                // [MS-SMB2] 3.3.5.9.4: no snapshot exists for any timestamp, whatever the token's size.
                Arguments.of("TWrp of 3 bytes", CreateContext.TIMEWARP_TOKEN, new byte[3],
                        RawSmb2Client.STATUS_OBJECT_NAME_NOT_FOUND),
                // [MS-SMB2] 2.2.13.2.5: the Timestamp is optional; Data of another size is no Timestamp.
                Arguments.of("MxAc of 3 bytes", CreateContext.QUERY_MAXIMAL_ACCESS, new byte[3],
                        RawSmb2Client.STATUS_SUCCESS),
                Arguments.of("MxAc of 8 bytes", CreateContext.QUERY_MAXIMAL_ACCESS, new byte[8],
                        RawSmb2Client.STATUS_SUCCESS),
                // [MS-SMB2] 2.2.13.2.9: QFid carries no Data; what a client puts there is ignored.
                Arguments.of("QFid of 5 bytes", CreateContext.QUERY_ON_DISK_ID, new byte[5],
                        RawSmb2Client.STATUS_SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contexts")
    void aCreateContextIsReadOnlyAsFarAsItsDataGoes(String what, String name, byte[] data, int status)
            throws IOException {
        try (RawSmb2Client client = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int tree = treeConnect(client, "data");
            RawResponse created = client.call(Smb2Command.CREATE.code(), tree,
                    body -> new CreateRequest(0, 2, 0x0012019F, 0x80, 7, 2 /* FILE_CREATE */, 0x40, "made.txt",
                            List.of(new CreateContext(name, Unpooled.wrappedBuffer(data)))).encode(body));
            assertStatus(status, created);
            boolean exists = Files.exists(share.resolve("made.txt"));
            if (status == RawSmb2Client.STATUS_SUCCESS) {
                assertTrue(exists, "the file was created");
                CreateResponse response = CreateResponse.decode(created.buf());
                if (name.equals(CreateContext.QUERY_MAXIMAL_ACCESS) || name.equals(CreateContext.QUERY_ON_DISK_ID)) {
                    Optional<CreateContext> answer = response.createContexts().stream()
                            .filter(c -> c.name().equals(name)).findFirst();
                    assertTrue(answer.isPresent(), name + " is answered: " + response.createContexts());
                    if (name.equals(CreateContext.QUERY_MAXIMAL_ACCESS)) {
                        assertEquals(8, answer.get().data().readableBytes(), "QueryStatus and MaximalAccess");
                        assertEquals(0, answer.get().data().getIntLE(answer.get().data().readerIndex()),
                                "QueryStatus STATUS_SUCCESS");
                    }
                }
                assertStatus(RawSmb2Client.STATUS_SUCCESS, client.close(tree, response.fileId()));
            } else {
                assertFalse(exists, "a refused CREATE creates nothing");
            }
            assertSessionWorks(client);
        }
    }
}
