package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import java.nio.charset.StandardCharsets;

/**
 * [MS-SMB2] 3.3.5.3 Receiving an SMB_COM_NEGOTIATE: the multi-protocol negotiate of clients that start with SMB1.
 *
 * <p>If the dialect strings include "SMB 2.???" the server answers an SMB2 NEGOTIATE response with the wildcard
 * revision 0x02FF and the client follows with an SMB2 NEGOTIATE; with only "SMB 2.002" it answers 2.0.2 directly.
 * Anything else is SMB1, which this server does not speak: the connection is closed.
 */
final class Smb1Negotiate {
    private static final int SMB1_HEADER = 32;
    private static final int SMB_COM_NEGOTIATE = 0x72;
    private static final String SMB2_002 = "SMB 2.002";
    private static final String SMB2_WILDCARD = "SMB 2.???";

    private Smb1Negotiate() {
    }

    /** Returns the complete response frame (Direct TCP header included), owned by the caller. */
    static ByteBuf respond(Connection conn, ByteBuf frame) {
        int r = frame.readerIndex();
        int len = frame.readableBytes();
        if (len < SMB1_HEADER + 3 || frame.getUnsignedByte(r + 4) != SMB_COM_NEGOTIATE) {
            throw new Disconnect("SMB1 request other than NEGOTIATE");
        }
        int byteCount = frame.getUnsignedShortLE(r + SMB1_HEADER + 1);
        int pos = r + SMB1_HEADER + 3;
        int end = Math.min(r + len, pos + byteCount);
        boolean wildcard = false;
        boolean smb2002 = false;
        while (pos < end) {
            if (frame.getByte(pos) != 0x02) {           // BufferFormat: dialect string
                break;
            }
            int nul = frame.indexOf(pos + 1, end, (byte) 0);
            if (nul < 0) {
                break;
            }
            String dialect = frame.toString(pos + 1, nul - pos - 1, StandardCharsets.US_ASCII);
            wildcard |= SMB2_WILDCARD.equals(dialect);
            smb2002 |= SMB2_002.equals(dialect);
            pos = nul + 1;
        }
        if (!wildcard && !smb2002) {
            throw new Disconnect("SMB1 NEGOTIATE without an SMB2 dialect; SMB1 is not supported");
        }
        // The SMB1 request used message id 0 ([MS-SMB2] 3.3.5.3.1); a second one is a replay.
        if (!conn.credits().consume(0, 1)) {
            throw new Disconnect("repeated SMB1 NEGOTIATE");
        }
        int dialectCode = wildcard ? Dialect.WILDCARD : Dialect.SMB2_0_2.code();
        ByteBuf out = conn.channel().alloc().ioBuffer(256);
        out.writeInt(0);
        new Smb2Header().command(Smb2Command.NEGOTIATE).flags(Smb2Header.FLAG_SERVER_TO_REDIR)
                .credits(conn.credits().grant(1)).write(out);
        conn.services().smb1Negotiate().smb1Response(dialectCode).encode(out);
        out.setInt(0, out.writerIndex() - 4);
        if (!wildcard) {
            conn.negotiatedBySmb1();
        }
        return out;
    }
}
