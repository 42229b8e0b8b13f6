package io.signet.protocol.rpc;

/** Win32 error codes ([MS-ERREF] 2.2) that srvsvc and wkssvc return as NET_API_STATUS in the response stub. */
public final class Win32Error {
    public static final int ERROR_SUCCESS = 0;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_INVALID_LEVEL = 124;
    public static final int ERROR_MORE_DATA = 234;
    /** NERR_NetNameNotFound: "This shared resource does not exist." */
    public static final int NERR_NET_NAME_NOT_FOUND = 2310;

    private Win32Error() {
    }
}
