package io.signet.protocol.smb2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Smb2HeaderTest {

    /** [MS-SMB2] 2.2.1.2 a sync NEGOTIATE request header: MessageId 0, TreeId 0, SessionId 0, unsigned. */
    private static final String SYNC_HEADER = ""
            + "fe534d42" + "4000" + "0100"     // ProtocolId, StructureSize 64, CreditCharge 1
            + "00000000" + "0000" + "1f00"     // Status, Command NEGOTIATE, CreditRequest 31
            + "00000000" + "00000000"          // Flags, NextCommand
            + "0000000000000000"               // MessageId
            + "feff0000" + "00000000"          // Reserved (ProcessId 0xFFFE), TreeId
            + "0000000000000000"               // SessionId
            + "00000000000000000000000000000000"; // Signature

    @Test
    void readsTheSpecLayout() {
        ByteBuf buf = Unpooled.wrappedBuffer(HexFormat.of().parseHex(SYNC_HEADER));
        try {
            Smb2Header h = Smb2Header.read(buf, 0);
            assertEquals(Smb2Command.NEGOTIATE, h.command());
            assertEquals(1, h.creditCharge());
            assertEquals(31, h.credits());
            assertEquals(Smb2Header.PROTOCOL_ID, Smb2Header.readProtocolId(buf, 0));
            assertEquals(Smb2Header.SIZE, Smb2Header.readStructureSize(buf, 0));
            assertEquals(0, Smb2Header.readFlags(buf, 0));
        } finally {
            buf.release();
        }
    }

    @Test
    void writeThenReadRoundTrips() {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeZero(3); // a header not at index 0, as in a compound frame
            new Smb2Header().creditCharge(2).status(0xC0000022).command(Smb2Command.CREATE).credits(5)
                    .flags(Smb2Header.FLAG_SERVER_TO_REDIR).nextCommand(0x68).messageId(9).treeId(7)
                    .sessionId(0x1122334455667788L).write(buf);
            Smb2Header h = Smb2Header.read(buf, 3);
            assertEquals(2, h.creditCharge());
            assertEquals(0xC0000022, h.status());
            assertEquals(Smb2Command.CREATE, h.command());
            assertEquals(5, h.credits());
            assertEquals(Smb2Header.FLAG_SERVER_TO_REDIR, h.flags());
            assertEquals(0x68, h.nextCommand());
            assertEquals(9, h.messageId());
            assertEquals(7, h.treeId());
            assertEquals(0x1122334455667788L, h.sessionId());
            assertEquals(0x1122334455667788L, Smb2Header.readSessionId(buf, 3));
        } finally {
            buf.release();
        }
    }

    @Test
    void accessorsPatchTheFieldsInPlace() {
        ByteBuf buf = Unpooled.buffer();
        ByteBuf signed = Unpooled.buffer();
        try {
            buf.writeZero(8);
            new Smb2Header().command(Smb2Command.READ).messageId(4).write(buf);
            Smb2Header.setStatus(buf, 8, 0x00000103);
            Smb2Header.setCredits(buf, 8, 17);
            Smb2Header.setFlags(buf, 8, Smb2Header.FLAG_SERVER_TO_REDIR | Smb2Header.FLAG_SIGNED);
            Smb2Header.setNextCommand(buf, 8, 0x70);
            Smb2Header.setTreeId(buf, 8, 0x55);
            Smb2Header.setSessionId(buf, 8, 42L);
            Smb2Header h = Smb2Header.read(buf, 8);
            assertEquals(0x00000103, h.status());
            assertEquals(17, h.credits());
            assertEquals(Smb2Header.FLAG_SERVER_TO_REDIR | Smb2Header.FLAG_SIGNED, Smb2Header.readFlags(buf, 8));
            assertEquals(0x70, h.nextCommand());
            assertEquals(0x55, h.treeId());
            assertEquals(42L, h.sessionId());
            assertEquals(4, h.messageId());

            Smb2Header.setFlags(buf, 8, Smb2Header.FLAG_ASYNC_COMMAND);
            Smb2Header.setAsyncId(buf, 8, 0x0102030405060708L);
            assertEquals(0x0102030405060708L, Smb2Header.read(buf, 8).asyncId());

            new Smb2Header().write(signed);
            byte[] signature = new byte[Smb2Header.SIGNATURE_SIZE];
            for (int i = 0; i < signature.length; i++) {
                signature[i] = (byte) (i + 1);
            }
            signed.setBytes(Smb2Header.OFFSET_SIGNATURE, signature);
            Smb2Header.copySignature(buf, 8, signed, 0);
            assertArrayEquals(signature, ByteBufUtil.getBytes(buf, 8 + Smb2Header.OFFSET_SIGNATURE, 16));
            Smb2Header.clearSignature(buf, 8);
            assertArrayEquals(new byte[16], ByteBufUtil.getBytes(buf, 8 + Smb2Header.OFFSET_SIGNATURE, 16));
        } finally {
            buf.release();
            signed.release();
        }
    }
}
