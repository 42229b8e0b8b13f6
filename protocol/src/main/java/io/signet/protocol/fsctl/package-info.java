/**
 * The inputs and outputs of the file system controls an SMB2 IOCTL carries: the control codes ({@link
 * io.signet.protocol.fsctl.CtlCode}), the SMB2-specific buffers of [MS-SMB2] 2.2.31.x and 2.2.32.x (server-side copy,
 * VALIDATE_NEGOTIATE_INFO, NETWORK_INTERFACE_INFO) and the [MS-FSCC] 2.3 structures of the file system controls
 * (object ids, sparse files, compression state).
 *
 * <p>Each structure is a record with {@code decode} and {@code encode}. Decoders read from the readable bytes of a
 * borrowed buffer (the IOCTL's input or output slice) without moving its indices and refuse a buffer too short for
 * the structure with STATUS_INVALID_PARAMETER; encoders write at the writer index of a caller-owned buffer.
 */
package io.signet.protocol.fsctl;
