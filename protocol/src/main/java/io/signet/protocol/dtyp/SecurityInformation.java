package io.signet.protocol.dtyp;

/**
 * [MS-DTYP] 2.4.7 SECURITY_INFORMATION, the AdditionalInformation of an SMB2 QUERY_INFO or SET_INFO with InfoType
 * SMB2_0_INFO_SECURITY ([MS-SMB2] 2.2.37, 2.2.39): which parts of a security descriptor are read or written.
 */
public final class SecurityInformation {
    public static final int OWNER_SECURITY_INFORMATION = 0x00000001;
    public static final int GROUP_SECURITY_INFORMATION = 0x00000002;
    public static final int DACL_SECURITY_INFORMATION = 0x00000004;
    public static final int SACL_SECURITY_INFORMATION = 0x00000008;
    /** The mandatory label ACE in the SACL; readable without SeSecurityPrivilege. Not handled by this package. */
    public static final int LABEL_SECURITY_INFORMATION = 0x00000010;
    public static final int ATTRIBUTE_SECURITY_INFORMATION = 0x00000020;
    public static final int SCOPE_SECURITY_INFORMATION = 0x00000040;
    public static final int BACKUP_SECURITY_INFORMATION = 0x00010000;
    public static final int PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;
    public static final int PROTECTED_SACL_SECURITY_INFORMATION = 0x40000000;
    public static final int UNPROTECTED_DACL_SECURITY_INFORMATION = 0x20000000;
    public static final int UNPROTECTED_SACL_SECURITY_INFORMATION = 0x10000000;

    private SecurityInformation() {
    }
}
