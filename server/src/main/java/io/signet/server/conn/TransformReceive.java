package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.SmbException;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;

/**
 * [MS-SMB2] 3.3.5.2.1.1 Decrypting the Message: the session named in the TRANSFORM_HEADER, looked up in this
 * connection's session table, decrypts it in place with this channel's decryptor; anything that does not decrypt ends
 * the connection. Every request inside must then belong to that session ({@link RequestGate}). Its responses go back
 * encrypted for the same session.
 */
final class TransformReceive {
    private TransformReceive() {
    }

    /**
     * The plaintext of an encrypted message and the session whose key decrypted it.
     *
     * @param message a slice of the frame, decrypted in place: it is the frame's to release
     */
    record Decrypted(ByteBuf message, Session session) {
    }

    /** Decrypts {@code frame} in place. Borrows {@code frame}; the caller releases it. */
    static Decrypted decrypt(Connection conn, ByteBuf frame) {
        if (conn.cipher() == null) {
            throw new Disconnect("encrypted message, but no cipher was negotiated");
        }
        int r = frame.readerIndex();
        if (frame.readableBytes() < TransformHeader.SIZE + Smb2Header.SIZE) {
            throw new Disconnect("TRANSFORM message of " + frame.readableBytes() + " bytes");
        }
        long sessionId = frame.getLongLE(r + TransformHeader.OFFSET_SESSION_ID);
        // [MS-SMB2] 3.3.5.2.1.1: the session is looked up in Connection.SessionTable only. A session of another
        // connection, even one whose keys would decrypt the message, ends this connection: its key proves nothing
        // about who may act on this one.
        Session session = conn.session(sessionId);
        SessionChannel channel = session == null ? null : session.channel(conn);
        MessageEncryptor decryptor = channel == null ? null : channel.decryptor();
        if (decryptor == null) {
            throw new Disconnect("TRANSFORM message for session " + Long.toHexString(sessionId)
                    + ", which has no channel with keys on this connection");
        }
        int length;
        try {
            length = decryptor.decrypt(frame, r, frame.readableBytes());
        } catch (SmbException e) {
            throw new Disconnect("TRANSFORM message does not decrypt: " + e.getMessage());
        }
        return new Decrypted(frame.slice(r + TransformHeader.SIZE, length), session);
    }
}
