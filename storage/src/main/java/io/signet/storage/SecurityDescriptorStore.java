package io.signet.storage;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;

/**
 * Keeps a file's self-relative security descriptor ([MS-DTYP] 2.4.6) in the extended attribute
 * {@code user.signet.sd}, so that it stays with the file across renames and server restarts.
 *
 * <p>The bytes are stored as the client sent them after merging; this class neither parses nor enforces them.
 */
public final class SecurityDescriptorStore {
    static final String ATTRIBUTE = "signet.sd";
    /** A descriptor larger than this is refused: Windows caps them at 64 KiB, ext4 attributes hold far less. */
    public static final int MAX_SIZE = 65536;

    private SecurityDescriptorStore() {
    }

    /** The stored descriptor of {@code path}, if it has one. */
    public static Optional<byte[]> load(Path path) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        try {
            if (!view.list().contains(ATTRIBUTE)) {
                return Optional.empty();
            }
            int size = view.size(ATTRIBUTE);
            if (size <= 0 || size > MAX_SIZE) {
                return Optional.empty();
            }
            ByteBuffer buf = ByteBuffer.allocate(size);
            view.read(ATTRIBUTE, buf);
            return Optional.of(buf.array());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty(); // no extended attributes here: the caller falls back to the default
        }
    }

    /** Stores {@code descriptor} for {@code path}. */
    public static void store(Path path, byte[] descriptor) {
        if (descriptor.length > MAX_SIZE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "security descriptor over 64 KiB");
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "no extended attributes on this file system");
        }
        try {
            view.write(ATTRIBUTE, ByteBuffer.wrap(descriptor));
        } catch (FileSystemException e) {
            throw NtStatusMapper.toSmbException(e, "store security descriptor of " + path.getFileName());
        } catch (IOException | UnsupportedOperationException e) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "cannot store a security descriptor: " + e);
        }
    }
}
