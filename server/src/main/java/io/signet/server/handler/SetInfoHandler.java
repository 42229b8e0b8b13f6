package io.signet.server.handler;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FileAllocationInformation;
import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.fscc.FileDispositionInformation;
import io.signet.protocol.fscc.FileEndOfFileInformation;
import io.signet.protocol.fscc.FileInformationClass;
import io.signet.protocol.fscc.FileModeInformation;
import io.signet.protocol.fscc.FilePositionInformation;
import io.signet.protocol.fscc.FileRenameInformation;
import io.signet.protocol.fscc.FullEaInformation;
import io.signet.protocol.smb2.AccessMask;
import io.signet.protocol.smb2.message.QueryInfoRequest;
import io.signet.protocol.smb2.message.SetInfoRequest;
import io.signet.protocol.smb2.message.SetInfoResponse;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import io.signet.server.conn.CommandHandler;
import io.signet.server.conn.RequestContext;
import io.signet.server.notify.ChangeNotifier;
import io.signet.server.security.FileSecurity;
import io.signet.server.tree.Open;
import io.signet.storage.create.FileAccessCheck;
import io.signet.storage.FileHandle;
import java.util.List;

/** [MS-SMB2] 3.3.5.21 Receiving an SMB2 SET_INFO Request: the file information classes clients set. */
public final class SetInfoHandler implements CommandHandler {
    private final ChangeNotifier notifier;
    private final FileSecurity security;
    private final CachingBreaks breaks;

    public SetInfoHandler(ChangeNotifier notifier, FileSecurity security, CachingBreaks breaks) {
        this.notifier = notifier;
        this.security = security;
        this.breaks = breaks;
    }

    @Override
    public void handle(RequestContext ctx, ByteBuf out) {
        SetInfoRequest req = SetInfoRequest.decode(ctx.message());
        Open open = ctx.open(req.fileId());
        ctx.checkCreditCharge(req.buffer().readableBytes());
        if (req.infoType() == QueryInfoRequest.INFO_SECURITY) {
            security.set(open, ctx.session().user(), req.additionalInformation(), req.buffer());
            open.handle().metadata().metadataChanged();
            notifier.changed(open.handle().path(), ChangeNotifier.SECURITY);
            new SetInfoResponse().encode(out);
            return;
        }
        if (req.infoType() == QueryInfoRequest.INFO_FILESYSTEM || req.infoType() == QueryInfoRequest.INFO_QUOTA) {
            throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "SET_INFO type " + req.infoType());
        }
        if (req.infoType() != QueryInfoRequest.INFO_FILE) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "SET_INFO type " + req.infoType());
        }
        FileInformationClass c = FileInformationClass.fromCode(req.fileInfoClass());
        if (c == null || !c.settable()) {
            // Query-only and enumeration classes, as NtSetInformationFile answers them.
            throw new SmbException(NtStatus.STATUS_INVALID_INFO_CLASS, "class " + req.fileInfoClass()
                    + " cannot be set");
        }
        FileHandle h = open.handle();
        ByteBuf in = req.buffer();
        switch (c) {
            case FileBasicInformation -> {
                FileBasicInformation info = FileBasicInformation.decode(in);
                require(h, AccessMask.FILE_WRITE_ATTRIBUTES, c);
                h.metadata().setBasicInfo(info);
                notifier.basicInfoSet(h.path(), info);
            }
            case FileEndOfFileInformation -> {
                FileEndOfFileInformation info = FileEndOfFileInformation.decode(in);
                require(h, AccessMask.FILE_WRITE_DATA, c);
                breaks.dataChanging(open);
                h.data().setEndOfFile(info.endOfFile());
                notifier.changed(h.path(), ChangeNotifier.SIZE);
            }
            case FileAllocationInformation -> {
                FileAllocationInformation info = FileAllocationInformation.decode(in);
                require(h, AccessMask.FILE_WRITE_DATA, c);
                breaks.dataChanging(open);
                h.data().setAllocationSize(info.allocationSize());
            }
            case FileDispositionInformation -> {
                boolean deletePending = FileDispositionInformation.decode(in).deletePending();
                if (deletePending) {
                    // [MS-FSCC] 2.4.11: an open without DELETE access is refused at once, before anyone's caching
                    // is broken for it. [MS-FSA] 2.1.4.12: marking the file for deletion then breaks the handle
                    // caching of its other opens first, and waits for it, as a rename does.
                    require(h, AccessMask.DELETE, c);
                    breaks.afterHandleBreaks(ctx, open, out, body -> {
                        h.deletion().setDeletePending(true);
                        if (h.isDirectory() && !h.isStream()) {
                            notifier.deletePending(h.path());
                        }
                        new SetInfoResponse().encode(body);
                    });
                    return;
                }
                h.deletion().setDeletePending(false);
            }
            case FileRenameInformation -> {
                FileRenameInformation info = FileRenameInformation.decode(in);
                FileAccessCheck access = security.accessCheck(ctx.session().user(), open.tree().share(), null);
                // An open that may not rename (no DELETE access, the share root) is refused before anything is
                // broken for it. [MS-FSA] 2.1.5.14.11: the handle caching of the file's other opens (a directory's:
                // of the opens below it too) is broken first, and waited for.
                h.renaming().checkAllowed();
                breaks.beforeRename(ctx, open, out, body -> {
                    renameNow(open, info, access);
                    new SetInfoResponse().encode(body);
                });
                return;
            }
            case FilePositionInformation -> {
                open.currentByteOffset(position(open, FilePositionInformation.decode(in)));
                open.stateChanged(); // a persistent open's record keeps it
            }
            case FileModeInformation -> setMode(h, FileModeInformation.decode(in));
            case FileFullEaInformation -> {
                // [MS-FSCC] 2.4.15: a list of EAs to set; an empty value deletes that EA.
                List<ExtendedAttribute> eas = FullEaInformation.decode(in);
                require(h, AccessMask.FILE_WRITE_EA, c);
                h.metadata().setExtendedAttributes(eas);
                notifier.changed(h.path(), ChangeNotifier.EA);
            }
            default -> throw new SmbException(NtStatus.STATUS_NOT_SUPPORTED, "SET_INFO " + c);
        }
        new SetInfoResponse().encode(out);
    }

    /** Renames, then tells change notification and the leases of the old and the new directory. */
    private void renameNow(Open open, FileRenameInformation info, FileAccessCheck access) {
        FileHandle h = open.handle();
        java.nio.file.Path before = h.path();
        Runnable oldDir = breaks.entryChange(open.tree().fileSystem(), h.smbPath(), open);
        rename(h, info, access);
        if (!before.equals(h.path())) {
            notifier.renamed(open, before, h.path(), h.isDirectory());
        }
        oldDir.run();
        breaks.entryChange(open.tree().fileSystem(), h.smbPath(), open).run();
    }

    /**
     * [MS-FSA] 2.1.5.14.9 FilePositionInformation: a negative offset is STATUS_INVALID_PARAMETER, and so is one that
     * is not a multiple of the sector size on an open with FILE_NO_INTERMEDIATE_BUFFERING.
     */
    private static long position(Open open, FilePositionInformation info) {
        long offset = info.currentByteOffset();
        if (offset < 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "negative CurrentByteOffset " + offset);
        }
        if ((open.handle().mode() & FileModeInformation.FILE_NO_INTERMEDIATE_BUFFERING) != 0) {
            int sector = open.tree().fileSystem().fsStats().bytesPerSector();
            if (offset % sector != 0) {
                throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER,
                        "CurrentByteOffset " + offset + " is not sector aligned on an unbuffered open");
            }
        }
        return offset;
    }

    /** [MS-FSA] 2.1.5.15.7 FileModeInformation: the open's mode changes as {@link FileHandle#setMode} allows. */
    private static void setMode(FileHandle h, FileModeInformation info) {
        h.setMode(info.mode());
    }

    /**
     * [MS-SMB2] 2.2.39: the SMB2 form of FileRenameInformation names the target from the share root. The session's
     * user must be let into the target directory, and let delete a file it replaces ({@link FileHandle#renaming}).
     */
    private static void rename(FileHandle h, FileRenameInformation info, FileAccessCheck access) {
        if (info.rootDirectory() != 0) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "RootDirectory must be zero in SMB2");
        }
        String target = info.fileName().startsWith("\\") ? info.fileName().substring(1) : info.fileName();
        h.renaming().rename(target, info.replaceIfExists(), access);
    }

    private static void require(FileHandle h, int access, FileInformationClass c) {
        if ((h.grantedAccess() & access) == 0) {
            throw new SmbException(NtStatus.STATUS_ACCESS_DENIED, c + " needs access 0x" + Integer.toHexString(access));
        }
    }
}
