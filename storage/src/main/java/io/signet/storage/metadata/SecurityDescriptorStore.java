package io.signet.storage.metadata;

import io.netty.buffer.Unpooled;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.nt.NtStatusMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a file's self-relative security descriptor ([MS-DTYP] 2.4.6) in the extended attribute
 * {@code user.signet.sd}, so that it stays with the file across renames and server restarts.
 *
 * <p>Reading fails closed: a descriptor that is there but cannot be read (an I/O error, a size of 0 or over
 * {@link #MAX_SIZE}, bytes that do not decode) is not taken for "no descriptor", which would leave the file
 * unrestricted; it refuses the access with STATUS_ACCESS_DENIED and is logged at WARN with the file's path.
 */
public final class SecurityDescriptorStore {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityDescriptorStore.class);
    public static final String ATTRIBUTE = "signet.sd";
    private static final String PROBE = "signet.probe";
    /** A descriptor larger than this is refused: Windows caps them at 64 KiB, ext4 attributes hold far less. */
    public static final int MAX_SIZE = 65536;

    private SecurityDescriptorStore() {
    }

    /**
     * The stored descriptor of {@code path}; empty when it has none (or the file is gone, which the caller's own
     * file access then reports).
     *
     * @throws SmbException STATUS_ACCESS_DENIED when a descriptor is stored but cannot be read or decoded
     */
    public static Optional<SecurityDescriptor> read(Path path) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return Optional.empty(); // a file system without user attributes can hold no descriptor
        }
        ByteBuffer buf;
        try {
            if (!view.list().contains(ATTRIBUTE)) {
                return Optional.empty();
            }
            int size = view.size(ATTRIBUTE);
            if (size <= 0 || size > MAX_SIZE) {
                throw unreadable(path, "its size is " + size + " bytes");
            }
            buf = ByteBuffer.allocate(size);
            view.read(ATTRIBUTE, buf);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            throw unreadable(path, e.toString());
        }
        try {
            return Optional.of(SecurityDescriptor.decode(Unpooled.wrappedBuffer(buf.array(), 0, buf.position())));
        } catch (SmbException corrupt) {
            throw unreadable(path, corrupt.getMessage());
        }
    }

    /**
     * Why the file system under {@code root} cannot keep descriptors, or empty when it can: it must list user
     * extended attributes and, unless the share is read-only, take one (a probe attribute is written on
     * {@code root} and removed again).
     */
    public static Optional<String> unsupportedReason(Path root, boolean readOnly) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(root, UserDefinedFileAttributeView.class);
        if (view == null) {
            return Optional.of("the file system of " + root + " has no user extended attributes");
        }
        try {
            view.list();
            if (!readOnly) {
                view.write(PROBE, ByteBuffer.wrap(new byte[] {1}));
                view.delete(PROBE);
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("the file system of " + root + " cannot hold user extended attributes (" + e + ")");
        }
    }

    private static SmbException unreadable(Path path, String why) {
        LOG.warn("access to {} refused: its security descriptor cannot be read ({})", path, why);
        return new SmbException(NtStatus.STATUS_ACCESS_DENIED, "unreadable security descriptor");
    }

    /**
     * Stores {@code descriptor} for {@code path}.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for a descriptor over 64 KiB; STATUS_NOT_SUPPORTED or the mapped
     *                      I/O status when the file system does not take it
     */
    public static void store(Path path, SecurityDescriptor descriptor) {
        byte[] bytes = new byte[descriptor.encodedSize()];
        descriptor.encode(Unpooled.wrappedBuffer(bytes).writerIndex(0));
        store(path, bytes);
    }

    /** Stores the encoded {@code descriptor} for {@code path}; see {@link #store(Path, SecurityDescriptor)}. */
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
