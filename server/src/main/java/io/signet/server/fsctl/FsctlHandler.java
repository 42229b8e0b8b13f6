package io.signet.server.fsctl;

import io.netty.buffer.ByteBuf;
import io.signet.protocol.smb2.message.IoctlRequest;
import io.signet.server.conn.RequestContext;

/**
 * Executes one file system control of SMB2 IOCTL ([MS-SMB2] 3.3.5.15.x); {@link FsctlRegistry} maps each control code
 * to one.
 *
 * <p>The IOCTL handler has already checked the request: it is an FSCTL, its credits cover it, and the room for
 * MaxOutputResponse bytes (capped at MaxTransactSize) is claimed in the response. A control looks up the open it
 * needs, makes its checks, decodes its input through its record in {@code protocol.fsctl} and returns its output.
 */
@FunctionalInterface
public interface FsctlHandler {
    /**
     * @return the output buffer, which the caller writes as the IOCTL response and then releases; or null when the
     *         control went asynchronous ({@link RequestContext#goAsync}) and completes the response itself
     * @throws io.signet.protocol.status.SmbException to answer with an error response instead; a control whose
     *         failure still carries output sets {@link RequestContext#responseStatus} and returns the output
     */
    ByteBuf handle(RequestContext ctx, IoctlRequest req);
}
