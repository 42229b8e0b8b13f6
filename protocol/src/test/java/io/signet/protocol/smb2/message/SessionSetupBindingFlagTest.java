package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import org.junit.jupiter.api.Test;

class SessionSetupBindingFlagTest extends MessageTestSupport {

    /** [MS-SMB2] 2.2.5: StructureSize 25, Flags SMB2_SESSION_FLAG_BINDING, SecurityMode signing enabled. */
    @Test
    void readsTheBindingFlagBeforeDecoding() {
        ByteBuf binding = message(Smb2Command.SESSION_SETUP, "1900" + "01" + "01" + "00000000" + "00000000"
                + "5800" + "0000" + "0000000000000000");
        ByteBuf plain = message(Smb2Command.SESSION_SETUP, "1900" + "00" + "01" + "00000000" + "00000000"
                + "5800" + "0000" + "0000000000000000");
        assertTrue(SessionSetupRequest.isBinding(binding));
        assertEquals(SessionSetupRequest.FLAG_BINDING, SessionSetupRequest.decode(binding).flags());
        assertFalse(SessionSetupRequest.isBinding(plain));
    }

    @Test
    void aBodyTooShortForFlagsIsNoBinding() {
        ByteBuf header = track(Unpooled.buffer());
        new Smb2Header().command(Smb2Command.SESSION_SETUP).write(header);
        header.writeShortLE(SessionSetupRequest.STRUCTURE_SIZE);
        assertFalse(SessionSetupRequest.isBinding(header));
    }
}
