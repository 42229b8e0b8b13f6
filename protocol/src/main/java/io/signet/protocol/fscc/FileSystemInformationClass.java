package io.signet.protocol.fscc;

/**
 * [MS-FSCC] 2.5 File System Information Classes carried by SMB2 QUERY_INFO with InfoType SMB2_0_INFO_FILESYSTEM.
 */
public enum FileSystemInformationClass {
    FileFsVolumeInformation(1),
    FileFsSizeInformation(3),
    FileFsDeviceInformation(4),
    FileFsAttributeInformation(5),
    FileFsControlInformation(6),
    FileFsFullSizeInformation(7),
    FileFsObjectIdInformation(8),
    FileFsSectorSizeInformation(11);

    private static final FileSystemInformationClass[] BY_CODE = new FileSystemInformationClass[12];

    static {
        for (FileSystemInformationClass c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;

    FileSystemInformationClass(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The class with this level, or {@code null} if Signet does not know it. */
    public static FileSystemInformationClass fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
