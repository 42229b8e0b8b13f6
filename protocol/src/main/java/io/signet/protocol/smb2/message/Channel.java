package io.signet.protocol.smb2.message;

/**
 * [MS-SMB2] 2.2.19 / 2.2.21 Channel values of READ and WRITE requests: where the data travels. Signet has no RDMA
 * transport, so anything but {@link #NONE} is refused by the handlers.
 */
public final class Channel {
    public static final int NONE = 0x00000000;
    public static final int RDMA_V1 = 0x00000001;
    public static final int RDMA_V1_INVALIDATE = 0x00000002;
    public static final int RDMA_TRANSFORM = 0x00000003;

    private Channel() {
    }
}
