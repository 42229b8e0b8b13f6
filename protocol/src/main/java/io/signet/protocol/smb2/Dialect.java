package io.signet.protocol.smb2;

/** [MS-SMB2] 2.2.3 dialect revisions this server speaks, oldest first. */
public enum Dialect {
    SMB2_0_2(0x0202),
    SMB2_1(0x0210),
    SMB3_0(0x0300),
    SMB3_0_2(0x0302),
    SMB3_1_1(0x0311);

    /** [MS-SMB2] 3.3.5.3.1: the wildcard revision answered to a multi-protocol SMB1 NEGOTIATE offering "SMB 2.???". */
    public static final int WILDCARD = 0x02FF;

    private final int code;

    Dialect(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True for the SMB 3.x family: AES-CMAC signing and SP800-108 key derivation. */
    public boolean isSmb3() {
        return code >= 0x0300;
    }

    public static Dialect fromCode(int code) {
        for (Dialect d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return switch (this) {
            case SMB2_0_2 -> "2.0.2";
            case SMB2_1 -> "2.1";
            case SMB3_0 -> "3.0";
            case SMB3_0_2 -> "3.0.2";
            case SMB3_1_1 -> "3.1.1";
        };
    }
}
