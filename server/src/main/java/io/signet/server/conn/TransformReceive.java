package io.signet.server.conn;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.crypto.transform.MessageEncryptor;
import io.signet.protocol.crypto.transform.TransformHeader;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.SmbException;
import io.signet.server.session.Session;
import io.signet.server.session.SessionChannel;

/**
 * [MS-SMB2] 3.3.5.2.1.1 Decrypting the Message: the session named in the TRANSFORM_HEADER decrypts it in place, with
 * this channel's decryptor; anything that does not decrypt ends the connection. Every request inside must then name
 * that same session, or the connection ends ({@link RequestGate}). Its responses go back encrypted for the same
 * session.
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
        Negotiated negotiated = conn.negotiated();
        if (negotiated == null || negotiated.cipher() == null) {
            throw new Disconnect("encrypted message, but no cipher was negotiated");
        }
        int r = frame.readerIndex();
        if (frame.readableBytes() < TransformHeader.SIZE + Smb2Header.SIZE) {
            throw new Disconnect("TRANSFORM message of " + frame.readableBytes() + " bytes");
        }
        long sessionId = TransformHeader.readSessionId(frame, r);
        Session session = conn.session(sessionId);
        MessageEncryptor decryptor;
        if (session != null) {
            SessionChannel channel = session.channel(conn);
            decryptor = channel == null ? null : channel.decryptor();
        } else {
            // [MS-SMB2] 3.3.5.2.1.1 disconnects here. Windows and Samba decrypt with the session's keys instead
            // (they are the session's, not a channel's) and refuse the request inside as naming a session that is
            // not on this connection, STATUS_USER_SESSION_DELETED: smbtorture's smb2.session.bind2 and
            // bind_invalid_auth with encryption required expect exactly that. It grants nothing: RequestGate
            // admits a decrypted request only if it names this same session, which is not in this connection's table.
            session = conn.server().sessions().find(sessionId);
            decryptor = session == null ? null : session.newDecryptor();
        }
        if (decryptor == null) {
            throw new Disconnect("TRANSFORM message for session " + Long.toHexString(sessionId)
                    + ", which has no keys");
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
