package io.signet.server.conn;

import io.netty.buffer.ByteBuf;

/** Where a READ or WRITE's {@link IoWork} writes its response body. */
public interface ResponseBody {
    /** The response frame, its writer index where the body goes on. */
    ByteBuf buffer();

    /**
     * Appends {@code data} after the bytes written so far, without copying it, and takes over the caller's reference:
     * the file data of a large READ goes out in the pieces it was read into.
     */
    void append(ByteBuf data);
}
