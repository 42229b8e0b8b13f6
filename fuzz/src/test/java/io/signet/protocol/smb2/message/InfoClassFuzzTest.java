package io.signet.protocol.smb2.message;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.signet.fuzz.Bytes;
import io.signet.fuzz.LeakCheck;
import io.signet.protocol.fscc.FileAllocationInformation;
import io.signet.protocol.fscc.FileBasicInformation;
import io.signet.protocol.fscc.FileDispositionInformation;
import io.signet.protocol.fscc.FileEndOfFileInformation;
import io.signet.protocol.fscc.FileInformationClass;
import io.signet.protocol.fscc.FileModeInformation;
import io.signet.protocol.fscc.FilePositionInformation;
import io.signet.protocol.fscc.FileRenameInformation;
import io.signet.protocol.fscc.FullEaInformation;
import io.signet.protocol.status.SmbException;

/**
 * [MS-SMB2] 2.2.37 QUERY_INFO and 2.2.39 SET_INFO requests, and the [MS-FSCC] 2.4 information classes and [MS-DTYP]
 * security descriptor the server decodes from their buffers. The first input byte picks QUERY_INFO (even) or
 * SET_INFO (odd); the rest is the body after the header. Decoders may return or throw {@link SmbException}.
 */
class InfoClassFuzzTest {
    static {
        LeakCheck.install();
    }

    @FuzzTest
    void infoClasses(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
        try {
            if ((input[0] & 1) == 0) {
                QueryInfoRequest req = QueryInfoRequest.decode(Bytes.smb2Message(body));
                if (req.infoType() == QueryInfoRequest.INFO_FILE
                        && FileInformationClass.fromCode(req.fileInfoClass()) == FileInformationClass.FileFullEaInformation) {
                    FullEaInformation.decodeNames(req.input().duplicate());
                }
            } else {
                SetInfoRequest req = SetInfoRequest.decode(Bytes.smb2Message(body));
                setInfoBuffer(req);
            }
        } catch (SmbException expected) {
            // the documented refusal
        }
        LeakCheck.assertNoLeaks();
    }

    private static void setInfoBuffer(SetInfoRequest req) {
        ByteBuf in = req.buffer().duplicate();
        if (req.infoType() == QueryInfoRequest.INFO_SECURITY) {
            CreateRequestFuzzTest.securityDescriptor(in);
            return;
        }
        if (req.infoType() != QueryInfoRequest.INFO_FILE) {
            return;
        }
        FileInformationClass c = FileInformationClass.fromCode(req.fileInfoClass());
        if (c == null) {
            return;
        }
        switch (c) {
            case FileBasicInformation -> FileBasicInformation.decode(in);
            case FileEndOfFileInformation -> FileEndOfFileInformation.decode(in);
            case FileAllocationInformation -> FileAllocationInformation.decode(in);
            case FileDispositionInformation -> FileDispositionInformation.decode(in);
            case FileRenameInformation -> FileRenameInformation.decode(in);
            case FilePositionInformation -> FilePositionInformation.decode(in);
            case FileModeInformation -> FileModeInformation.decode(in);
            case FileFullEaInformation -> CreateRequestFuzzTest.eaBuffer(in);
            default -> {
                // not settable: the server refuses it before looking at the buffer
            }
        }
    }
}
