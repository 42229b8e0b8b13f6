package io.signet.server.conn;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.fuzz.LeakCheck;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.FileId;
import java.util.EnumMap;
import java.util.Map;

/**
 * The server's request path as a whole: frames go into a real {@link Connection} (NEGOTIATE, SESSION_SETUP,
 * TRANSFORM, compound chains, the request gate, every handler, the share and IPC$), as the transport hands them over.
 * Whatever the bytes, {@code process} must return (a bad message is an error response or a closed connection), never
 * throw, and every buffer it allocated must be released once the connection is gone.
 */
class ConnectionFuzzTest {
    static {
        LeakCheck.install();
    }

    /** Where each command's request body holds a FileId ([MS-SMB2] 2.2.15 to 2.2.39), so that one can be real. */
    private static final Map<Smb2Command, Integer> FILE_ID_OFFSET = new EnumMap<>(Smb2Command.class);

    static {
        for (Smb2Command c : new Smb2Command[] {Smb2Command.CLOSE, Smb2Command.FLUSH, Smb2Command.LOCK,
                Smb2Command.IOCTL, Smb2Command.QUERY_DIRECTORY, Smb2Command.CHANGE_NOTIFY, Smb2Command.OPLOCK_BREAK}) {
            FILE_ID_OFFSET.put(c, 8);
        }
        FILE_ID_OFFSET.put(Smb2Command.READ, 16);
        FILE_ID_OFFSET.put(Smb2Command.WRITE, 16);
        FILE_ID_OFFSET.put(Smb2Command.SET_INFO, 16);
        FILE_ID_OFFSET.put(Smb2Command.QUERY_INFO, 24);
    }

    /** Before authentication: raw frames, optionally after a valid NEGOTIATE. */
    @FuzzTest
    void preAuthentication(FuzzedDataProvider data) {
        try (FuzzConnection conn = new FuzzConnection()) {
            if (data.consumeBoolean()) {
                conn.negotiate();
            }
            while (data.remainingBytes() > 0 && conn.isOpen()) {
                conn.send(data.consumeBytes(data.consumeInt(0, 8192)));
            }
        }
        LeakCheck.assertNoLeaks();
    }

    /**
     * After an NTLMv2 logon, a TREE_CONNECT to a disk share and a CREATE: requests whose header the harness fills
     * (message id, session, tree; the FileId of the open when the input says so), alone or compounded, and raw
     * frames.
     */
    @FuzzTest
    void afterAuthentication(FuzzedDataProvider data) {
        try (FuzzConnection conn = new FuzzConnection()) {
            conn.negotiate();
            conn.logOn();
            while (data.remainingBytes() > 0 && conn.isOpen()) {
                if (data.consumeInt(0, 7) == 0) {
                    conn.send(data.consumeBytes(data.consumeInt(0, 8192)));
                } else {
                    conn.send(chain(conn, data));
                }
            }
        }
        LeakCheck.assertNoLeaks();
    }

    /** One to three requests in a compound chain ([MS-SMB2] 3.3.5.2.7), each padded to 8 bytes. */
    private static byte[] chain(FuzzConnection conn, FuzzedDataProvider data) {
        int count = data.consumeInt(1, 3);
        ByteBuf frame = Unpooled.buffer();
        for (int i = 0; i < count; i++) {
            int start = frame.writerIndex();
            Smb2Command command = Smb2Command.fromCode(data.consumeInt(0, 0x12));
            int flags = data.consumeBoolean() && i > 0 ? Smb2Header.FLAG_RELATED_OPERATIONS : 0;
            byte[] body = data.consumeBytes(data.consumeInt(0, 4096));
            Integer at = FILE_ID_OFFSET.get(command);
            if (at != null && data.consumeBoolean() && body.length >= at + 16) {
                ByteBuf b = Unpooled.wrappedBuffer(body);
                b.writerIndex(at);
                FileId id = conn.fileId();
                b.writeLongLE(id.persistent()).writeLongLE(id.volatileId());
            }
            frame.writeBytes(conn.request(command.code(), flags, b -> b.writeBytes(body)));
            if (i < count - 1) {
                while ((frame.writerIndex() - start) % 8 != 0) {
                    frame.writeByte(0);
                }
                frame.setIntLE(start + Smb2Header.OFFSET_NEXT_COMMAND, frame.writerIndex() - start);
            }
        }
        byte[] out = new byte[frame.readableBytes()];
        frame.readBytes(out);
        return out;
    }
}
