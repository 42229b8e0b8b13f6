package io.signet.interop.hostile;

import static io.signet.interop.hostile.HostileSupport.ATTACKER;
import static io.signet.interop.hostile.HostileSupport.ATTACKER_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.VICTIM;
import static io.signet.interop.hostile.HostileSupport.VICTIM_PASSWORD;
import static io.signet.interop.hostile.HostileSupport.assertStatus;
import static io.signet.interop.hostile.HostileSupport.loggedOn;
import static io.signet.interop.hostile.HostileSupport.treeConnect;
import static io.signet.interop.hostile.LeaseSupport.create;
import static io.signet.interop.hostile.LeaseSupport.createMessage;
import static io.signet.interop.hostile.LeaseSupport.nextBreak;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.signet.interop.raw.RawResponse;
import io.signet.interop.raw.RawSmb2Client;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.message.CreateResponse;
import io.signet.protocol.smb2.message.OplockBreak;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.22.1: an oplock acknowledgment (StructureSize 24) naming SMB2_OPLOCK_LEVEL_LEASE is
 * STATUS_INVALID_PARAMETER; the break it answered ends with the oplock at none, so the open waiting for it goes on.
 */
class OplockAcknowledgmentTest extends HostileServer {
    @Test
    void anAcknowledgmentNamingTheLeaseLevelIsAnInvalidParameterAndEndsTheBreak() throws IOException {
        Files.writeString(share.resolve("batch.txt"), "x");
        try (RawSmb2Client holder = loggedOn(server.port(), VICTIM, VICTIM_PASSWORD);
             RawSmb2Client other = loggedOn(server.port(), ATTACKER, ATTACKER_PASSWORD)) {
            int treeH = treeConnect(holder, "data");
            int treeO = treeConnect(other, "data");
            CreateResponse held = create(holder, treeH, "batch.txt", OplockLevel.BATCH.code(), null, 0);
            assertEquals(OplockLevel.BATCH.code(), held.oplockLevel());

            long mid = other.nextMessageId();
            other.send(other.sign(createMessage(other, treeO, "batch.txt", OplockLevel.NONE.code(), null, 0)));
            assertEquals(RawSmb2Client.STATUS_PENDING, other.receiveCompound().get(0).status());
            assertEquals(OplockLevel.II.code(), OplockBreak.decode(nextBreak(holder).buf()).oplockLevel());

            RawResponse ack = holder.call(Smb2Command.OPLOCK_BREAK.code(), treeH,
                    body -> new OplockBreak(OplockLevel.LEASE.code(), held.fileId()).encode(body));
            assertStatus(RawSmb2Client.STATUS_INVALID_PARAMETER, ack);
            RawResponse opened = other.receive();
            assertEquals(mid, opened.header().messageId());
            assertStatus(RawSmb2Client.STATUS_SUCCESS, opened);
        }
    }
}
