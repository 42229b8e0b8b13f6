package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb1.Smb1NegotiateRequest;
import io.signet.protocol.smb2.Dialect;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;

/**
 * [MS-SMB2] 3.3.5.3 Receiving an SMB_COM_NEGOTIATE: the multi-protocol negotiate of clients that start with SMB1.
 *
 * <p>If the dialect strings include "SMB 2.???" the server answers an SMB2 NEGOTIATE response with the wildcard
 * revision 0x02FF and the client follows with an SMB2 NEGOTIATE; with only "SMB 2.002" it answers 2.0.2 directly.
 * Anything else is SMB1, which this server does not speak: the connection is closed.
 */
final class Smb1Negotiate {
    private Smb1Negotiate() {
    }

    /** Returns the complete response frame (Direct TCP header included), owned by the caller. */
    static ByteBuf respond(Connection conn, ByteBuf frame) {
        if (!Smb1NegotiateRequest.isNegotiate(frame)) {
            throw new Disconnect("SMB1 request other than NEGOTIATE");
        }
        Smb1NegotiateRequest request = Smb1NegotiateRequest.decode(frame);
        boolean wildcard = request.offers(Smb1NegotiateRequest.SMB2_WILDCARD);
        boolean smb2002 = request.offers(Smb1NegotiateRequest.SMB2_002);
        if (!wildcard && !smb2002) {
            throw new Disconnect("SMB1 NEGOTIATE without an SMB2 dialect; SMB1 is not supported");
        }
        // The SMB1 request used message id 0 ([MS-SMB2] 3.3.5.3.1); a second one is a replay.
        if (!conn.credits().consume(0, 1)) {
            throw new Disconnect("repeated SMB1 NEGOTIATE");
        }
        int dialectCode = wildcard ? Dialect.WILDCARD : Dialect.SMB2_0_2.code();
        ByteBuf out = ResponseBuilder.startFrame(conn.channel().alloc(), 256);
        new Smb2Header().command(Smb2Command.NEGOTIATE).flags(Smb2Header.FLAG_SERVER_TO_REDIR)
                .credits(conn.credits().grant(1)).write(out);
        conn.services().smb1Negotiate().smb1Response(dialectCode).encode(out);
        ResponseBuilder.endFrame(out);
        if (!wildcard) {
            conn.negotiatedBySmb1();
        }
        return out;
    }
}
