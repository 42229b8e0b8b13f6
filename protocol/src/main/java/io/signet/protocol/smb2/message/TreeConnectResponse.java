package io.signet.protocol.smb2.message;

import static io.signet.protocol.smb2.message.MessageBounds.BODY;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.10 SMB2 TREE_CONNECT Response.
 *
 * @param shareType     {@link #SHARE_TYPE_DISK}, {@link #SHARE_TYPE_PIPE} or {@link #SHARE_TYPE_PRINT}
 * @param shareFlags    SHAREFLAG_* bits; exactly one caching policy
 * @param capabilities  SHARE_CAP_* bits
 * @param maximalAccess the access mask the user has on the share
 */
public record TreeConnectResponse(int shareType, int shareFlags, int capabilities, int maximalAccess) {
    public static final int STRUCTURE_SIZE = 16;

    public static final int SHARE_TYPE_DISK = 0x01;
    public static final int SHARE_TYPE_PIPE = 0x02;
    public static final int SHARE_TYPE_PRINT = 0x03;

    /** Caching policy, a two-bit field: exactly one of the four values. */
    public static final int SHAREFLAG_MANUAL_CACHING = 0x00000000;
    public static final int SHAREFLAG_AUTO_CACHING = 0x00000010;
    public static final int SHAREFLAG_VDO_CACHING = 0x00000020;
    public static final int SHAREFLAG_NO_CACHING = 0x00000030;
    public static final int SHAREFLAG_DFS = 0x00000001;
    public static final int SHAREFLAG_DFS_ROOT = 0x00000002;
    public static final int SHAREFLAG_RESTRICT_EXCLUSIVE_OPENS = 0x00000100;
    public static final int SHAREFLAG_FORCE_SHARED_DELETE = 0x00000200;
    public static final int SHAREFLAG_ALLOW_NAMESPACE_CACHING = 0x00000400;
    public static final int SHAREFLAG_ACCESS_BASED_DIRECTORY_ENUM = 0x00000800;
    public static final int SHAREFLAG_FORCE_LEVELII_OPLOCK = 0x00001000;
    public static final int SHAREFLAG_ENABLE_HASH_V1 = 0x00002000;
    public static final int SHAREFLAG_ENABLE_HASH_V2 = 0x00004000;
    public static final int SHAREFLAG_ENCRYPT_DATA = 0x00008000;
    public static final int SHAREFLAG_IDENTITY_REMOTING = 0x00040000;
    public static final int SHAREFLAG_COMPRESS_DATA = 0x00100000;
    public static final int SHAREFLAG_ISOLATED_TRANSPORT = 0x00200000;

    public static final int SHARE_CAP_DFS = 0x00000008;
    public static final int SHARE_CAP_CONTINUOUS_AVAILABILITY = 0x00000010;
    public static final int SHARE_CAP_SCALEOUT = 0x00000020;
    public static final int SHARE_CAP_CLUSTER = 0x00000040;
    public static final int SHARE_CAP_ASYMMETRIC = 0x00000080;
    public static final int SHARE_CAP_REDIRECT_TO_OWNER = 0x00000100;

    public TreeConnectResponse {
        if (shareType < 0 || shareType > 0xFF) {
            throw new IllegalArgumentException("ShareType is one byte: " + shareType);
        }
    }

    public static TreeConnectResponse decode(ByteBuf msg) {
        MessageBounds.requireBody(msg, STRUCTURE_SIZE, "TREE_CONNECT Response");
        int b = msg.readerIndex() + BODY;
        return new TreeConnectResponse(
                msg.getUnsignedByte(b + 2),                   // ShareType (1 byte), Reserved (1 byte)
                msg.getIntLE(b + 4),                          // ShareFlags (4 bytes)
                msg.getIntLE(b + 8),                          // Capabilities (4 bytes)
                msg.getIntLE(b + 12));                        // MaximalAccess (4 bytes)
    }

    public void encode(ByteBuf out) {
        out.writeShortLE(STRUCTURE_SIZE);                     // StructureSize (2 bytes)
        out.writeByte(shareType);                             // ShareType (1 byte)
        out.writeByte(0);                                     // Reserved (1 byte)
        out.writeIntLE(shareFlags);                           // ShareFlags (4 bytes)
        out.writeIntLE(capabilities);                         // Capabilities (4 bytes)
        out.writeIntLE(maximalAccess);                        // MaximalAccess (4 bytes)
    }
}
