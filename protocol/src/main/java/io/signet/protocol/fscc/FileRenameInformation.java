package io.signet.protocol.fscc;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.util.Objects;

/**
 * [MS-FSCC] 2.4 FileRenameInformation, the SMB2 form FILE_RENAME_INFORMATION_TYPE_2 (section 2.4.41.2 in the 2024
 * edition): a 20-byte fixed part followed by the new name, which is a path relative to the share root.
 *
 * <p>RootDirectory MUST be zero for network operations; the decoder keeps the value so the caller can reject it.
 */
public record FileRenameInformation(boolean replaceIfExists, long rootDirectory, String fileName) {
    /** Bytes before FileName. */
    public static final int FIXED_SIZE = 20;

    public FileRenameInformation {
        Objects.requireNonNull(fileName, "fileName");
    }

    /**
     * Reads the structure at the reader index of {@code buf} (borrowed) and consumes the fixed part and the name
     * (any trailing padding is left unread).
     *
     * @throws SmbException STATUS_INFO_LENGTH_MISMATCH if the fixed part is incomplete; STATUS_INVALID_PARAMETER if
     *                      FileNameLength is odd or runs past the buffer
     */
    public static FileRenameInformation decode(ByteBuf buf) {
        InfoBuffers.requireLength(buf, FIXED_SIZE, "FILE_RENAME_INFORMATION_TYPE_2");
        boolean replace = buf.readByte() != 0;       // ReplaceIfExists (1 byte)
        buf.skipBytes(7);                            // Reserved (7 bytes)
        long root = buf.readLongLE();                // RootDirectory (8 bytes)
        long nameLength = buf.readUnsignedIntLE();   // FileNameLength (4 bytes)
        if ((nameLength & 1) != 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "FileNameLength is odd: " + nameLength);
        }
        if (nameLength > buf.readableBytes()) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                    "FileNameLength " + nameLength + " exceeds the " + buf.readableBytes() + " bytes left");
        }
        String name = Utf16.read(buf, (int) nameLength);   // FileName (variable)
        return new FileRenameInformation(replace, root, name);
    }

    public void encode(ByteBuf out) {
        out.writeByte(replaceIfExists ? 1 : 0);      // ReplaceIfExists (1 byte)
        out.writeZero(7);                            // Reserved (7 bytes)
        out.writeLongLE(rootDirectory);              // RootDirectory (8 bytes)
        out.writeIntLE(Utf16.byteLength(fileName));  // FileNameLength (4 bytes)
        Utf16.write(out, fileName);                  // FileName (variable)
    }
}
