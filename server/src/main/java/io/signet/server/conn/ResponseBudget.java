package io.signet.server.conn;

import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;

/**
 * How many more response bytes one frame can take: the responses to a compound chain travel in one Direct TCP frame,
 * whose length field has 24 bits ([MS-SMB2] 2.1), so the chain's responses together must stay under 16 MiB. Each
 * request's own response is already bounded by MaxReadSize / MaxTransactSize (the credit charge check); this bounds
 * their sum, so that 60 READs of 8 MiB in one 7 KB compound cannot make the server build a 480 MiB frame.
 * (A CHANGE_NOTIFY always goes asynchronous and answers in a frame of its own.)
 *
 * <p>Handlers whose response carries data (READ, QUERY_DIRECTORY, QUERY_INFO, IOCTL) call
 * {@link RequestContext#reserveResponse} before they allocate or copy it. A request that does not fit fails with
 * STATUS_INVALID_PARAMETER, and the rest of the chain is processed and answered as [MS-SMB2] 3.3.5.2.7 has every
 * request of a compound answered: each on its own, a related request inheriting only the failure of a CREATE. (Samba
 * instead builds the responses and drops the connection when they exceed the frame; answering keeps the client's
 * other requests, and the connection, alive.)
 *
 * <p>Room is kept for the requests still to come in the chain: twice their bytes, which holds an error response
 * (73 bytes padded to 80) for each of them, as every request is at least a 64-byte header. Should the responses of
 * some pathological chain still outgrow the frame, the connection is closed ({@link #requireSendable}): a frame over
 * 2^24 - 1 bytes cannot be sent at all.
 */
final class ResponseBudget {
    /** The largest Direct TCP frame: a 24-bit length ([MS-SMB2] 2.1). */
    static final int MAX_FRAME = 0xFF_FFFF;
    /** Room for the fixed part of any response body (IOCTL's 48 bytes are the largest) and the padding after it. */
    private static final int FIXED_PART_AND_PADDING = 64;
    /** Response bytes kept free per byte of the requests still to come. */
    private static final int REST_OF_CHAIN_FACTOR = 2;

    private final ResponseBuilder out;
    private long restOfChain;

    ResponseBudget(ResponseBuilder out) {
        this.out = out;
    }

    /** Called before each request: {@code bytes} of requests follow it in the frame. */
    void restOfChain(long bytes) {
        this.restOfChain = bytes;
    }

    /**
     * Refuses a response body carrying {@code dataBytes} of data behind its fixed part when it would take the frame
     * past its maximum, leaving room for the rest of the chain.
     *
     * @throws SmbException STATUS_INVALID_PARAMETER when it does not fit
     */
    void reserve(long dataBytes) {
        long after = out.frameLength() + FIXED_PART_AND_PADDING + Math.max(0, dataBytes);
        long limit = MAX_FRAME - REST_OF_CHAIN_FACTOR * restOfChain;
        if (after > limit) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "a response with " + dataBytes
                    + " bytes of data would take the compound's responses past " + MAX_FRAME + " bytes");
        }
    }

    /** The frame as built must fit a Direct TCP frame; if not, the connection is closed rather than answered. */
    void requireSendable() {
        if (out.frameLength() > MAX_FRAME) {
            throw new Disconnect("the responses of a compound outgrew a Direct TCP frame");
        }
    }
}
