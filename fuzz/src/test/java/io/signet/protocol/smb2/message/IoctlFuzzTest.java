package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.fuzz.Bytes;
import io.signet.fuzz.LeakCheck;
import io.signet.protocol.fsctl.AllocatedRange;
import io.signet.protocol.fsctl.CopyChunkRequest;
import io.signet.protocol.fsctl.CtlCode;
import io.signet.protocol.fsctl.ValidateNegotiateInfoRequest;
import io.signet.protocol.fsctl.ZeroDataInformation;
import io.signet.protocol.status.SmbException;

/**
 * [MS-SMB2] 2.2.31 IOCTL request and the FSCTL inputs the server decodes: SRV_COPYCHUNK_COPY (2.2.31.1),
 * VALIDATE_NEGOTIATE_INFO (2.2.31.4), [MS-FSCC] 2.3.67 FILE_ZERO_DATA_INFORMATION and 2.3.41
 * FILE_ALLOCATED_RANGE_BUFFER. The input is the body after the header; the CtlCode in it picks the input decoder.
 * Decoders may return or throw {@link SmbException}; what the FSCTL decoders return must encode and decode to the
 * same bytes.
 */
class IoctlFuzzTest {
    static {
        LeakCheck.install();
    }

    @FuzzTest
    void ioctlInputs(byte[] body) {
        try {
            IoctlRequest req = IoctlRequest.decode(Bytes.smb2Message(body));
            ByteBuf in = req.input().duplicate();
            switch (req.ctlCode()) {
                case CtlCode.FSCTL_SRV_COPYCHUNK, CtlCode.FSCTL_SRV_COPYCHUNK_WRITE -> {
                    CopyChunkRequest copy = CopyChunkRequest.decode(in);
                    ByteBuf once = Unpooled.buffer();
                    copy.encode(once);
                    ByteBuf twice = Unpooled.buffer();
                    CopyChunkRequest.decode(once.duplicate()).encode(twice);
                    assertEquals(ByteBufUtil.hexDump(once), ByteBufUtil.hexDump(twice));
                }
                case CtlCode.FSCTL_VALIDATE_NEGOTIATE_INFO -> {
                    ValidateNegotiateInfoRequest v = ValidateNegotiateInfoRequest.decode(in);
                    ByteBuf once = Unpooled.buffer();
                    v.encode(once);
                    assertEquals(v, ValidateNegotiateInfoRequest.decode(once));
                }
                case CtlCode.FSCTL_SET_ZERO_DATA -> ZeroDataInformation.decode(in);
                case CtlCode.FSCTL_QUERY_ALLOCATED_RANGES -> {
                    AllocatedRange range = AllocatedRange.decodeQuery(in);
                    ByteBuf once = Unpooled.buffer();
                    range.encode(once);
                    assertEquals(range, AllocatedRange.decodeQuery(once));
                }
                default -> {
                    // the other controls read no structure from their input
                }
            }
        } catch (SmbException expected) {
            // the documented refusal
        }
        LeakCheck.assertNoLeaks();
    }
}
