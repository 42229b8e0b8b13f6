package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;

/**
 * Builds whole messages (a real 64-byte header followed by a body) for the decoders, and releases every buffer a
 * test made once it is done.
 */
abstract class MessageTestSupport {
    /** FileId used across fixtures: persistent 0x1122334455667788, volatile 0x0000000100000002. */
    static final FileId FILE_ID = new FileId(0x1122334455667788L, 0x0000000100000002L);
    static final String FILE_ID_HEX = "8877665544332211" + "0200000001000000";
    static final String FILE_ID_ANY_HEX = "ffffffffffffffff" + "ffffffffffffffff";

    private final List<ByteBuf> owned = new ArrayList<>();

    @AfterEach
    void releaseBuffers() {
        for (ByteBuf b : owned) {
            assertEquals(1, b.refCnt(), "a decoder retained or released the message");
            b.release();
        }
        owned.clear();
    }

    ByteBuf track(ByteBuf b) {
        owned.add(b);
        return b;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    ByteBuf wrap(String hexBytes) {
        return track(Unpooled.wrappedBuffer(hex(hexBytes)));
    }

    /** A header for {@code command} followed by the body given in hex. */
    ByteBuf message(Smb2Command command, String bodyHex) {
        ByteBuf msg = track(Unpooled.buffer());
        new Smb2Header().command(command).messageId(7).write(msg);
        msg.writeBytes(hex(bodyHex));
        return msg;
    }

    /** A header for {@code command} followed by what {@code encoder} writes, as the response writer calls it. */
    ByteBuf encode(Smb2Command command, Consumer<ByteBuf> encoder) {
        ByteBuf msg = track(Unpooled.buffer());
        new Smb2Header().command(command).messageId(7).write(msg);
        encoder.accept(msg);
        return msg;
    }

    /** The body of a whole message, as lower-case hex. */
    static String bodyHex(ByteBuf msg) {
        return ByteBufUtil.hexDump(msg, msg.readerIndex() + Smb2Header.SIZE, msg.readableBytes() - Smb2Header.SIZE);
    }

    static String normalize(String hexBytes) {
        return hexBytes.replaceAll("\\s", "").toLowerCase();
    }

    static String utf16Hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
    }

    static void assertInvalidParameter(Executable decode) {
        SmbException e = assertThrows(SmbException.class, decode);
        assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status());
    }

    /** Decodes {@code bodyHex} behind a header with {@code decoder} and expects STATUS_INVALID_PARAMETER. */
    void assertRejected(Smb2Command command, String bodyHex, Function<ByteBuf, ?> decoder) {
        ByteBuf msg = message(command, bodyHex);
        assertInvalidParameter(() -> decoder.apply(msg));
    }
}
