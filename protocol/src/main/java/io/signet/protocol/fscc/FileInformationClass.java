package io.signet.protocol.fscc;

/**
 * [MS-FSCC] 2.4 File Information Classes that SMB2 carries in QUERY_DIRECTORY, QUERY_INFO and SET_INFO
 * (FileInfoClass, 1 byte on the wire). Constant names are the class names used by the specification.
 */
public enum FileInformationClass {
    FileDirectoryInformation(1),
    FileFullDirectoryInformation(2),
    FileBothDirectoryInformation(3),
    FileBasicInformation(4),
    FileStandardInformation(5),
    FileInternalInformation(6),
    FileEaInformation(7),
    FileAccessInformation(8),
    FileNameInformation(9),
    FileRenameInformation(10),
    FileNamesInformation(12),
    FileDispositionInformation(13),
    FilePositionInformation(14),
    FileFullEaInformation(15),
    FileModeInformation(16),
    FileAlignmentInformation(17),
    FileAllInformation(18),
    FileAllocationInformation(19),
    FileEndOfFileInformation(20),
    FileAlternateNameInformation(21),
    FileStreamInformation(22),
    FileCompressionInformation(28),
    FileNetworkOpenInformation(34),
    FileAttributeTagInformation(35),
    FileIdBothDirectoryInformation(37),
    FileIdFullDirectoryInformation(38),
    FileValidDataLengthInformation(39),
    FileShortNameInformation(40),
    FileNormalizedNameInformation(48),
    FileIdInformation(59),
    FileIdExtdDirectoryInformation(60),
    FileDispositionInformationEx(64),
    FileRenameInformationEx(65);

    private static final FileInformationClass[] BY_CODE = new FileInformationClass[66];

    static {
        for (FileInformationClass c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;

    FileInformationClass(int code) {
        this.code = code;
    }

    /** The level number written in FileInfoClass / FileInformationClass fields. */
    public int code() {
        return code;
    }

    /**
     * Whether the Windows I/O manager accepts this class in a set request (NtSetInformationFile). SET_INFO answers
     * STATUS_INVALID_INFO_CLASS for the others: the query-only classes (FileStandardInformation,
     * FileAllInformation, ...) and the directory enumeration classes.
     */
    public boolean settable() {
        switch (this) {
            case FileBasicInformation:
            case FileRenameInformation:
            case FileDispositionInformation:
            case FilePositionInformation:
            case FileFullEaInformation:
            case FileModeInformation:
            case FileAllocationInformation:
            case FileEndOfFileInformation:
            case FileValidDataLengthInformation:
            case FileShortNameInformation:
            case FileDispositionInformationEx:
            case FileRenameInformationEx:
                return true;
            default:
                return false;
        }
    }

    /** The class with this level, or {@code null} if Signet does not know it. */
    public static FileInformationClass fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
