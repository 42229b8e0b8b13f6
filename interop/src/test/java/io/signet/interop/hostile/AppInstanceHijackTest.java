package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.AppInstanceId;
import io.signet.protocol.smb2.message.CreateContext;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.ReadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.9.13: a CREATE naming an AppInstanceId closes the open of the same file that the same application
 * instance made from another client. The id is a GUID in a signed but (unless the session encrypts) readable CREATE:
 * another account that saw it must not use it to close the victim's open. Windows' rule names no account; this server
 * lets an instance take over only the opens of its own account.
 */
class AppInstanceHijackTest extends HostileServer {
    private static final int GENERIC_READ_WRITE = 0x0012019F;
    /** FILE_READ_ATTRIBUTES: an open that breaks no oplock and meets no sharing violation. */
    private static final int READ_ATTRIBUTES = 0x00000080;

    @Test
    void anotherAccountNamingTheVictimsAppInstanceDoesNotCloseHerOpen() throws IOException {
        Files.writeString(share.resolve("vm.vhdx"), "the victim's disk");
        CreateGuid instance = new CreateGuid(ThreadLocalRandom.current().nextLong(), 42);
        try (RawSmb2Client alice = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client mallory = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeV = treeConnect(alice, "data");
            int treeM = treeConnect(mallory, "data");
            RawResponse opened = alice.call(Smb2Command.CREATE.code(), treeV, body -> create(GENERIC_READ_WRITE,
                    List.of(new DurableHandleRequestV2(0, 0, new CreateGuid(7, 7)).toContext(),
                            new AppInstanceId(instance).toContext())).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, opened);
            CreateResponse hers = CreateResponse.decode(opened.buf());
            assertEquals(1, server.durableOpens());

            RawResponse taken = mallory.call(Smb2Command.CREATE.code(), treeM, body -> create(READ_ATTRIBUTES,
                    List.of(new AppInstanceId(instance).toContext())).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, taken); // mallory may open the file...
            RawResponse read = alice.call(Smb2Command.READ.code(), treeV, body -> new ReadRequest(0, 0, 64, 0,
                    hers.fileId(), 0, 0, 0, Unpooled.EMPTY_BUFFER).encode(body));
            assertStatus(RawSmb2Client.STATUS_SUCCESS, read);
            assertEquals(1, server.durableOpens(), "...but not close alice's open");
        }
    }

    private static CreateRequest create(int access, List<CreateContext> contexts) {
        return new CreateRequest(OplockLevel.BATCH.code(), ImpersonationLevel.IMPERSONATION, access, 0,
                ShareAccess.FILE_SHARE_READ, CreateDisposition.OPEN.code(), CreateOptions.NON_DIRECTORY_FILE,
                "vm.vhdx", contexts);
    }
}
