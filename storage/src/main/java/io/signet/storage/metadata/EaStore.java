package io.signet.storage.metadata;

import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FullEaInformation;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extended attributes of [MS-FSCC] 2.4.15 (Windows EAs), one Linux user extended attribute per EA:
 * {@code user.signet.ea.<NAME>} (the JDK adds the {@code user.} namespace), whose value is the EA's Flags byte
 * followed by the EA value.
 *
 * <p>EA names are case-insensitive and stored upper-cased, as NTFS stores and returns them. They are listed in the
 * order the file system lists the attributes.
 *
 * <p>Limits: NTFS keeps at most 64 KiB of EAs per file (the size {@link FullEaInformation#eaSize} computes) and so
 * does this store; beyond that a SET is STATUS_EA_TOO_LARGE. The file system is usually tighter: ext4 keeps all of a
 * file's extended attributes in one block (about 4 KiB, the {@code user.signet.dos} attribute included), and a value
 * it refuses (ENOSPC, E2BIG) is also STATUS_EA_TOO_LARGE. Linux limits an attribute name to 255 bytes, so an EA name
 * is limited to {@link #MAX_NAME_LENGTH} characters (NTFS allows 254); a longer one is STATUS_INVALID_EA_NAME. Where
 * the file system has no user extended attributes, a file has no EAs and setting one is STATUS_EAS_NOT_SUPPORTED.
 */
public final class EaStore {
    static final String PREFIX = "signet.ea.";
    /** 255 bytes of a Linux xattr name minus "user." and {@link #PREFIX}. */
    public static final int MAX_NAME_LENGTH = 255 - "user.".length() - PREFIX.length();
    /** The most EA bytes (as FileEaInformation counts them) a file may carry, as on NTFS. */
    static final int MAX_TOTAL = 0xFFFF;

    private EaStore() {
    }

    /** The file's EAs, names upper-cased; empty if it has none or the file system keeps no user attributes. */
    public static List<ExtendedAttribute> read(Path path) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            return new ArrayList<>();
        }
        List<String> names;
        try {
            names = view.list();
        } catch (UnsupportedOperationException e) {
            return new ArrayList<>();
        } catch (IOException e) {
            if (isUnsupported(e)) {
                return new ArrayList<>();
            }
            throw e;
        }
        return read(view, names);
    }

    /** The EAs among the user extended attributes {@code names} that {@code view}'s file was found to have. */
    private static List<ExtendedAttribute> read(UserDefinedFileAttributeView view, List<String> names)
            throws IOException {
        List<ExtendedAttribute> eas = new ArrayList<>();
        for (String attribute : names) {
            if (!isEaName(attribute)) {
                continue;
            }
            ByteBuffer buf;
            try {
                buf = ByteBuffer.allocate(view.size(attribute));
                view.read(attribute, buf);
            } catch (NoSuchFileException gone) {
                continue;
            } catch (IOException e) {
                if (isMissing(e)) {
                    continue;   // removed between list and read
                }
                throw e;
            }
            buf.flip();
            if (!buf.hasRemaining()) {
                continue;
            }
            int flags = buf.get() & ExtendedAttribute.FILE_NEED_EA;
            byte[] value = new byte[buf.remaining()];
            buf.get(value);
            if (value.length == 0) {
                continue;
            }
            eas.add(new ExtendedAttribute(flags, attribute.substring(PREFIX.length()), value));
        }
        return eas;
    }

    /** Whether the user extended attribute {@code attribute} (without "user.") holds one of the file's EAs. */
    static boolean isEaName(String attribute) {
        return attribute.startsWith(PREFIX) && attribute.length() > PREFIX.length();
    }

    /** [MS-FSCC] 2.4.12 EaSize of the file; 0 if it has none or they cannot be read. */
    public static long eaSize(Path path) {
        try {
            return FullEaInformation.eaSize(read(path));
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@link #eaSize(Path)} of a file whose user extended attribute names were listed already. */
    static long eaSize(Path path, List<String> names) {
        if (names.stream().noneMatch(EaStore::isEaName)) {
            return 0;
        }
        try {
            return FullEaInformation.eaSize(read(Files.getFileAttributeView(path, UserDefinedFileAttributeView.class),
                    names));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Applies a FILE_FULL_EA_INFORMATION list as NTFS does: each entry sets its EA, or deletes it when the value is
     * empty (deleting a missing EA is not an error); a later entry for the same name wins.
     *
     * @param replaceAll whether to remove every EA the list does not name first (an overwriting CREATE)
     * @throws SmbException STATUS_INVALID_EA_NAME, STATUS_EA_TOO_LARGE, STATUS_EAS_NOT_SUPPORTED (see the class
     *                      comment); nothing is changed when the list is refused before the file system is touched
     */
    public static void apply(Path path, List<ExtendedAttribute> changes, boolean replaceAll) throws IOException {
        Map<String, ExtendedAttribute> requested = new LinkedHashMap<>();
        for (ExtendedAttribute ea : changes) {
            FullEaInformation.checkName(ea.name());
            if (ea.name().length() > MAX_NAME_LENGTH) {
                throw new SmbException(NtStatus.STATUS_INVALID_EA_NAME,
                        "EA names are limited to " + MAX_NAME_LENGTH + " characters here");
            }
            String name = ea.upperName();
            requested.remove(name);
            requested.put(name, new ExtendedAttribute(ea.flags(), name, ea.value()));
        }
        Map<String, ExtendedAttribute> result = new LinkedHashMap<>();
        List<ExtendedAttribute> existing = read(path);
        if (!replaceAll) {
            for (ExtendedAttribute ea : existing) {
                result.put(ea.name(), ea);
            }
        }
        for (ExtendedAttribute ea : requested.values()) {
            if (ea.value().length == 0) {
                result.remove(ea.name());
            } else {
                result.put(ea.name(), ea);
            }
        }
        if (FullEaInformation.eaSize(new ArrayList<>(result.values())) > MAX_TOTAL) {
            throw new SmbException(NtStatus.STATUS_EA_TOO_LARGE, "more than " + MAX_TOTAL + " bytes of EAs");
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class);
        if (view == null) {
            if (requested.isEmpty()) {
                return;
            }
            throw new SmbException(NtStatus.STATUS_EAS_NOT_SUPPORTED, "no user extended attributes on this volume");
        }
        boolean lifted = false;
        if (!Files.isDirectory(path) && !MetadataStore.ownerWritable(path)) {
            // Writing a user xattr needs write permission; READONLY is the missing owner write bit.
            MetadataStore.setOwnerWritable(path, true);
            lifted = true;
        }
        try {
            for (ExtendedAttribute old : existing) {
                if (!result.containsKey(old.name())) {
                    delete(view, old.name());
                }
            }
            for (ExtendedAttribute ea : requested.values()) {
                if (ea.value().length == 0) {
                    delete(view, ea.name());
                } else {
                    write(view, ea);
                }
            }
        } finally {
            if (lifted) {
                MetadataStore.setOwnerWritable(path, false);
            }
        }
    }

    private static void write(UserDefinedFileAttributeView view, ExtendedAttribute ea) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 + ea.value().length);
        buf.put((byte) ea.flags()).put(ea.value()).flip();
        try {
            view.write(PREFIX + ea.name(), buf);
        } catch (UnsupportedOperationException e) {
            throw new SmbException(NtStatus.STATUS_EAS_NOT_SUPPORTED, "no user extended attributes on this volume");
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("No space left") || m.contains("Argument list too long")
                    || m.contains("out of range") || m.contains("too large")) {
                throw new SmbException(NtStatus.STATUS_EA_TOO_LARGE, "the file system refused EA " + ea.name()
                        + " of " + ea.value().length + " bytes: " + m);
            }
            if (isUnsupported(e)) {
                throw new SmbException(NtStatus.STATUS_EAS_NOT_SUPPORTED, m);
            }
            throw e;
        }
    }

    private static void delete(UserDefinedFileAttributeView view, String name) throws IOException {
        try {
            view.delete(PREFIX + name);
        } catch (IOException e) {
            if (!isMissing(e)) {
                throw e;
            }
        }
    }

    private static boolean isMissing(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("No data available") || m.contains("No such attribute"));
    }

    private static boolean isUnsupported(IOException e) {
        String m = e.getMessage();
        return m != null && m.contains("not supported");
    }
}
