package io.signet.interop.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.protocol.smb2.CreateDisposition;
import io.signet.protocol.smb2.CreateOptions;
import io.signet.protocol.smb2.ImpersonationLevel;
import io.signet.protocol.smb2.OplockLevel;
import io.signet.protocol.smb2.ShareAccess;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.smb2.message.CreateRequest;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Requests as the raw tests shape them before sending: compound chains ([MS-SMB2] 3.2.4.1.4), the related flag, and
 * the CREATE body that makes a new file. Pure functions of their arguments; no connection state.
 */
public final class RawMessages {
    private RawMessages() {
    }

    /**
     * Makes {@code message} an element of a compound that continues ([MS-SMB2] 3.2.4.1.4): pads it to 8 bytes and
     * sets NextCommand to its length. Sign it afterwards: the signature covers both.
     */
    public static ByteBuf chainNext(ByteBuf message) {
        int index = message.readerIndex();
        message.writeZero((8 - message.readableBytes() % 8) % 8);
        message.setIntLE(index + Smb2Header.OFFSET_NEXT_COMMAND, message.readableBytes());
        return message;
    }

    /** Sets SMB2_FLAGS_RELATED_OPERATIONS on {@code message}. */
    public static ByteBuf related(ByteBuf message) {
        int index = message.readerIndex();
        message.setIntLE(index + Smb2Header.OFFSET_FLAGS,
                message.getIntLE(index + Smb2Header.OFFSET_FLAGS) | Smb2Header.FLAG_RELATED_OPERATIONS);
        return message;
    }

    /** A CREATE request body that creates {@code name} as a new file (FILE_CREATE: fails if it exists). */
    public static Consumer<ByteBuf> createNewFile(String name) {
        return body -> new CreateRequest(OplockLevel.NONE.code(), ImpersonationLevel.IMPERSONATION,
                0x0012019F, // FILE_GENERIC_READ | FILE_GENERIC_WRITE
                0x00000080, // FILE_ATTRIBUTE_NORMAL
                ShareAccess.FILE_SHARE_READ | ShareAccess.FILE_SHARE_WRITE | ShareAccess.FILE_SHARE_DELETE,
                CreateDisposition.CREATE.code(), CreateOptions.NON_DIRECTORY_FILE, name, List.of()).encode(body);
    }

    /** The bytes of {@code message}, which is released. */
    public static byte[] bytes(ByteBuf message) {
        try {
            return ByteBufUtil.getBytes(message);
        } finally {
            message.release();
        }
    }

    /** The messages one after the other, each but the last {@link #chainNext chained}, then {@code each}ed. */
    static ByteBuf chain(List<ByteBuf> messages, UnaryOperator<ByteBuf> each) {
        ByteBuf chain = Unpooled.buffer();
        try {
            for (int i = 0; i < messages.size(); i++) {
                ByteBuf m = messages.get(i);
                if (i < messages.size() - 1) {
                    chainNext(m);
                }
                chain.writeBytes(each.apply(m));
            }
        } catch (RuntimeException e) {
            chain.release();
            throw e;
        } finally {
            messages.forEach(ByteBuf::release);
        }
        return chain;
    }
}
