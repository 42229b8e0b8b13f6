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

    /**
     * Whether {@code bytes} more can be written into {@link #buffer()} at its writer index without growing memory
     * that is costly to grow: always, until data was appended; afterwards only within the room kept after it.
     */
    boolean fitsInPlace(int bytes);
}
