package io.signet.protocol.fsctl;

import io.netty.buffer.ByteBuf;

/**
 * [MS-SMB2] 2.2.32.3 SRV_REQUEST_RESUME_KEY Response: the key, ContextLength 0 and, as Windows sends it, four bytes
 * of zero Context padding.
 */
public record ResumeKeyResponse(byte[] resumeKey) {
    /** ResumeKey: 24 bytes the server chooses, opaque to the client. */
    public static final int KEY_SIZE = 24;
    public static final int SIZE = KEY_SIZE + 8;

    public ResumeKeyResponse {
        if (resumeKey.length != KEY_SIZE) {
            throw new IllegalArgumentException("a resume key has " + KEY_SIZE + " bytes");
        }
        resumeKey = resumeKey.clone();
    }

    @Override
    public byte[] resumeKey() {
        return resumeKey.clone();
    }

    public static ResumeKeyResponse decode(ByteBuf in) {
        byte[] key = new byte[KEY_SIZE];
        in.getBytes(in.readerIndex(), key);                     // ResumeKey (24 bytes)
        return new ResumeKeyResponse(key);
    }

    public void encode(ByteBuf out) {
        out.writeBytes(resumeKey);                              // ResumeKey (24 bytes)
        out.writeIntLE(0);                                      // ContextLength (4 bytes)
        out.writeIntLE(0);                                      // Context (4 bytes): padding
    }
}
