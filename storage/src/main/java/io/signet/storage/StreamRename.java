package io.signet.storage;

import io.signet.protocol.fscc.FileMetadata;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.storage.nt.NtStatusMapper;
import io.signet.storage.nt.WindowsNames;
import io.signet.storage.open.OpenFileTable;
import io.signet.storage.open.OpenedFile;
import io.signet.storage.stream.StreamStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A rename whose new name starts with ':': the open's data stream gets another name within the same file, [MS-FSA]
 * 2.1.5.15.11.1 "Algorithm for Performing Stream Rename". The stream may be a named one or the file's unnamed data
 * stream ("::$DATA"), and so may the target.
 *
 * <p>Where the algorithm leaves a status open, NTFS's answers as smbtorture records them decide: replacing a target
 * stream that holds data is STATUS_INVALID_PARAMETER (raw.streams, "MStream Two"), and a target that is open is
 * STATUS_ACCESS_DENIED, as replacing an open file is ([MS-FSA] 2.1.5.15.11).
 *
 * <p>Named streams are files of the {@link StreamStore}; the unnamed stream is the file itself, whose inode carries
 * the file's identity (attributes, descriptor, EAs, stream directory), so data moves into or out of it by copying.
 * That copy is why two limits apply that NTFS does not have: the unnamed stream can be renamed only while this is
 * its one open (STATUS_SHARING_VIOLATION otherwise, since another open could not follow its data), and it can be
 * replaced only when empty, which NTFS requires of any replaced stream anyway.
 */
public final class StreamRename {
    private final ShareFileSystem share;
    private final OpenedFile opened;
    private final OpenFileTable.Open open;

    public StreamRename(ShareFileSystem share, OpenedFile opened, OpenFileTable.Open open) {
        this.share = share;
        this.opened = opened;
        this.open = open;
    }

    /**
     * Renames the open's stream to {@code newStreamName} (":name", ":name:$DATA" or "::$DATA"). The caller has
     * checked DELETE access. Nothing changes on disk when it fails.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER for a malformed name, a directory's own open, an unnamed
     *                      target on a directory, or a target that holds data; STATUS_OBJECT_TYPE_MISMATCH for a
     *                      type other than $DATA; STATUS_OBJECT_NAME_COLLISION for an existing target without
     *                      {@code replaceIfExists}; STATUS_ACCESS_DENIED for an open target; STATUS_SHARING_VIOLATION
     *                      when another open of the stream does not share DELETE
     */
    public void rename(String newStreamName, boolean replaceIfExists) {
        String target = parse(newStreamName);
        if (opened.directory()) {
            // The open is of the directory itself (its index, not a data stream).
            throw invalid("a directory's own open cannot be renamed to a stream");
        }
        Path file = opened.path();
        boolean fileIsDirectory = Files.isDirectory(file);
        if (target.isEmpty() && fileIsDirectory) {
            throw invalid("a directory has no unnamed data stream");
        }
        String current = opened.streamName();
        if (WindowsNames.equalsIgnoreCase(current, target)) {
            renameInPlace(target);
            return;
        }
        if (share.openFiles().otherOpenLacksShareDelete(open)) {
            throw new SmbException(NtStatus.STATUS_SHARING_VIOLATION,
                    "another open of the stream does not share DELETE");
        }
        try {
            FileMetadata base = share.metadataStore().read(file);
            Object fileKey = ShareFileSystem.fileKey(file);
            Path targetData = target.isEmpty() ? file : share.streams().find(base, target);
            if (targetData != null) {
                checkReplaceable(targetData, replaceIfExists);
            }
            Object newKey = target.isEmpty() ? fileKey : new OpenFileTable.StreamKey(fileKey, WindowsNames.upcase(target));
            if (share.openFiles().openCount(newKey) > 0) {
                throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, "the target stream is open");
            }
            if (current.isEmpty()) {
                fromUnnamed(file, base, target, newKey);
            } else if (target.isEmpty()) {
                toUnnamed(file, newKey);
            } else {
                Path newData = share.streams().rename(opened.streamData(), target);
                share.openFiles().rekey(open, newKey);
                opened.streamRenamed(target, newData, opened.channel());
            }
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "rename stream of " + opened.smbPath() + " to " + newStreamName);
        }
    }

    /**
     * Splits ":name[:type]" into the stream name ("" for the unnamed stream), with the checks of [MS-FSA]
     * 2.1.5.15.11.1 in its order.
     */
    static String parse(String newStreamName) {
        String rest = newStreamName.substring(1);
        if (newStreamName.endsWith(":")) {
            throw invalid("a stream name cannot end with ':'");
        }
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        String type = colon < 0 ? "" : rest.substring(colon + 1);
        if (name.isEmpty() && type.isEmpty()) {
            throw invalid("empty stream name and type");
        }
        if (name.length() > WindowsNames.MAX_COMPONENT_UNITS) {
            throw invalid("stream name longer than " + WindowsNames.MAX_COMPONENT_UNITS + " characters");
        }
        // [MS-FSCC] 2.1.5.3 and 2.1.5.4: neither part may hold NUL, '\', '/' or (in the type) another ':'.
        for (String part : new String[] {name, type}) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c == 0 || c == '\\' || c == '/' || c == ':') {
                    throw invalid("character U+" + String.format("%04X", (int) c) + " in stream name " + newStreamName);
                }
            }
        }
        if (!type.isEmpty() && !WindowsNames.equalsIgnoreCase(type, WindowsNames.DATA_STREAM_TYPE)) {
            throw new SmbException(NtStatus.STATUS_OBJECT_TYPE_MISMATCH, "a data stream cannot become " + type);
        }
        return name;
    }

    /** The target exists: it may be replaced only when asked to, while empty. */
    private static void checkReplaceable(Path targetData, boolean replaceIfExists) throws IOException {
        if (!replaceIfExists) {
            throw new SmbException(NtStatus.STATUS_OBJECT_NAME_COLLISION, "the target stream exists");
        }
        if (Files.size(targetData) != 0) {
            throw invalid("the target stream holds data");
        }
    }

    /** A rename to the stream's own name: only its spelling can change. */
    private void renameInPlace(String target) {
        if (target.isEmpty() || target.equals(opened.streamName())) {
            return;
        }
        try {
            Path data = share.streams().rename(opened.streamData(), target);
            opened.streamRenamed(target, data, opened.channel());
        } catch (IOException e) {
            throw NtStatusMapper.toSmbException(e, "rename stream of " + opened.smbPath());
        }
    }

    /** Named stream to the unnamed one: its data becomes the file's (which is empty), and the stream goes. */
    private void toUnnamed(Path file, Object newKey) throws IOException {
        Path data = opened.streamData();
        FileChannel channel = FileCreator.openChannel(file, opened.grantedAccess(), false, false);
        try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            copy(in, out);
            share.openFiles().rekey(open, newKey);
        } catch (IOException | RuntimeException e) {
            truncateQuietly(file);
            ShareFileSystem.closeQuietly(channel);
            throw e;
        }
        share.streams().delete(data);
        opened.streamRenamed("", null, channel);
    }

    /**
     * The unnamed stream to a named one: a new stream gets the file's data, and the file is left with an empty
     * unnamed stream ([MS-FSA] 2.1.5.15.11.1 NewDefaultStream).
     */
    private void fromUnnamed(Path file, FileMetadata base, String target, Object newKey) throws IOException {
        if (share.openFiles().openCount(opened.fileKey()) > 1) {
            throw new SmbException(NtStatus.STATUS_SHARING_VIOLATION, "the unnamed data stream has other opens");
        }
        Path existing = share.streams().find(base, target);
        Path data = existing != null ? existing : share.streams().create(file, base, target);
        FileChannel channel = null;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(data, StandardOpenOption.WRITE)) {
            copy(in, out);
            channel = FileCreator.openChannel(data, opened.grantedAccess(), false, false);
            share.openFiles().rekey(open, newKey);
        } catch (IOException | RuntimeException e) {
            ShareFileSystem.closeQuietly(channel);
            if (existing == null) {
                share.streams().delete(data);
            } else {
                truncateQuietly(data);
            }
            throw e;
        }
        Files.newByteChannel(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING).close();
        opened.streamRenamed(target, data, channel);
    }

    private static void copy(FileChannel in, FileChannel out) throws IOException {
        long size = in.size();
        for (long done = 0; done < size; ) {
            done += in.transferTo(done, size - done, out.position(done));
        }
        out.force(false);
    }

    /** The descriptor an open with {@code granted} has on {@code data}, as CREATE would have opened it. */
    private static void truncateQuietly(Path p) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        } catch (IOException ignored) {
            // the failure being reported matters more
        }
    }

    private static SmbException invalid(String why) {
        return new SmbException(NtStatus.STATUS_INVALID_PARAMETER, why);
    }
}
