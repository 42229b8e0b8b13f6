package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.fuzz.Bytes;
import io.signet.fuzz.LeakCheck;
import io.signet.protocol.dtyp.SecurityDescriptor;
import io.signet.protocol.fscc.ExtendedAttribute;
import io.signet.protocol.fscc.FullEaInformation;
import io.signet.protocol.status.SmbException;
import java.util.List;

/**
 * [MS-SMB2] 2.2.13 CREATE request and its 2.2.13.2 create contexts, with the contexts whose data the server decodes:
 * SMB2_CREATE_EA_BUFFER ([MS-FSCC] 2.4.15 FILE_FULL_EA_INFORMATION) and SMB2_CREATE_SD_BUFFER ([MS-DTYP] 2.4.6
 * SECURITY_DESCRIPTOR). The input is the body after the header. Decoders may return or throw {@link SmbException};
 * what the EA and descriptor decoders return must encode and decode to the same bytes, and every context
 * {@link CreateContextTypes} decodes must encode and decode to the same typed value.
 */
class CreateRequestFuzzTest {
    static {
        LeakCheck.install();
    }

    @FuzzTest
    void createRequest(byte[] body) {
        CreateRequest req;
        try {
            req = CreateRequest.decode(Bytes.smb2Message(body));
        } catch (SmbException expected) {
            return;
        }
        req.context(CreateContext.EA_BUFFER).ifPresent(c -> eaBuffer(c.data()));
        req.context(CreateContext.SD_BUFFER).ifPresent(c -> securityDescriptor(c.data()));
        req.createContexts().forEach(CreateRequestFuzzTest::typed);
        LeakCheck.assertNoLeaks();
    }

    /** A context the registry decodes encodes to data that decodes to the same typed value. */
    static void typed(CreateContext context) {
        Object value;
        try {
            value = CreateContextTypes.decode(context);
        } catch (SmbException expected) {
            return;
        }
        if (value instanceof CreateContextData data) {
            CreateContext again = data.toContext();
            try {
                assertEquals(data, CreateContextTypes.decode(again));
            } finally {
                again.data().release();
            }
        }
    }

    static void eaBuffer(ByteBuf data) {
        List<ExtendedAttribute> eas;
        try {
            eas = FullEaInformation.decode(data.duplicate());
        } catch (SmbException expected) {
            return;
        }
        ByteBuf once = Unpooled.buffer();
        FullEaInformation.encode(eas, once);
        ByteBuf twice = Unpooled.buffer();
        FullEaInformation.encode(FullEaInformation.decode(once.duplicate()), twice);
        assertEquals(ByteBufUtil.hexDump(once), ByteBufUtil.hexDump(twice));
    }

    static void securityDescriptor(ByteBuf data) {
        SecurityDescriptor sd;
        try {
            sd = SecurityDescriptor.decode(data.duplicate());
        } catch (SmbException expected) {
            return;
        }
        ByteBuf once = Unpooled.buffer();
        sd.encode(once);
        assertEquals(sd.encodedSize(), once.readableBytes());
        SecurityDescriptor again = SecurityDescriptor.decode(once.duplicate());
        assertEquals(sd, again);
    }
}
