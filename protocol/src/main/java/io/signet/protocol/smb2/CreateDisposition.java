package io.signet.protocol.smb2;

/** [MS-SMB2] 2.2.13 CreateDisposition: what CREATE does when the file exists or does not. */
public enum CreateDisposition {
    /** Replace the file if it exists, create it if not. */
    SUPERSEDE(0),
    /** Open the file; fail if it does not exist. */
    OPEN(1),
    /** Create the file; fail if it exists. */
    CREATE(2),
    /** Open the file if it exists, create it if not. */
    OPEN_IF(3),
    /** Open and truncate the file; fail if it does not exist. */
    OVERWRITE(4),
    /** Open and truncate the file if it exists, create it if not. */
    OVERWRITE_IF(5);

    private static final CreateDisposition[] BY_CODE = values();

    private final int code;

    CreateDisposition(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The disposition with this wire value, or {@code null} (the handler answers STATUS_INVALID_PARAMETER). */
    public static CreateDisposition fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
