package io.signet.protocol.smb2;

/** [MS-SMB2] 2.2.14 CreateAction: what CREATE did. */
public enum CreateAction {
    SUPERSEDED(0),
    OPENED(1),
    CREATED(2),
    OVERWRITTEN(3);

    private final int code;

    CreateAction(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
