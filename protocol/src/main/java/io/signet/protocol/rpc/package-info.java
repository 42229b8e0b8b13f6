/**
 * DCE/RPC over SMB2 named pipes: the connection-oriented protocol of [C706] chapter 12 with the [MS-RPCE] 2.2.2 and
 * 3.3.1.5 extensions, as far as an unauthenticated pipe bound by an SMB2 session needs it.
 *
 * <p>{@link io.signet.protocol.rpc.RpcPipe} is the whole of it for the server: one per open of a pipe, fed the bytes
 * of SMB2 WRITE or FSCTL_PIPE_TRANSCEIVE and read for SMB2 READ or the transceive output. Interfaces
 * ({@link io.signet.protocol.rpc.RpcInterface}) see only NDR stub data, through the reader and writer of
 * {@code io.signet.protocol.rpc.ndr}; srvsvc and wkssvc live in their own packages.
 *
 * <p>Bad input from a client never escapes as an exception: it becomes a fault PDU, a bind_nak or a broken pipe.
 * Not implemented: RPC-level authentication (a bind with an auth verifier gets bind_nak), NDR64, big-endian or EBCDIC
 * data representations, and lsarpc.
 */
package io.signet.protocol.rpc;
