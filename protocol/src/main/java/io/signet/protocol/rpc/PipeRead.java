package io.signet.protocol.rpc;

import io.netty.buffer.ByteBuf;

/**
 * What {@link RpcPipe#read} hands back: bytes of at most one response PDU (a named pipe in message mode returns one
 * message per read), and whether the rest of that PDU is still waiting, in which case the server answers the SMB2 READ
 * or FSCTL_PIPE_TRANSCEIVE with STATUS_BUFFER_OVERFLOW and these bytes ([MS-SMB2] 3.3.5.12, 3.3.5.15.8).
 *
 * @param data the bytes, owned by the caller; empty when nothing is pending
 * @param messageIncomplete whether the PDU these bytes came from has more bytes to read
 */
public record PipeRead(ByteBuf data, boolean messageIncomplete) {
}
