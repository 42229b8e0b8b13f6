package io.signet.server.durable;

import io.signet.protocol.smb2.message.AppInstanceId;
import io.signet.protocol.smb2.message.CreateGuid;
import io.signet.protocol.smb2.message.CreateRequest;
import io.signet.protocol.smb2.message.DurableHandleReconnect;
import io.signet.protocol.smb2.message.DurableHandleReconnectV2;
import io.signet.protocol.smb2.message.DurableHandleRequest;
import io.signet.protocol.smb2.message.DurableHandleRequestV2;
import io.signet.protocol.smb2.message.FileId;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.time.Duration;

/**
 * The durable-handle contexts of one CREATE, checked against each other as [MS-SMB2] 3.3.5.9.6, 3.3.5.9.7,
 * 3.3.5.9.10 and 3.3.5.9.12 order: DHnC wins over DHnQ (which is ignored); DH2Q or DH2C with any other durable
 * context is STATUS_INVALID_PARAMETER.
 *
 * @param kind          what the CREATE asks for
 * @param fileId        the FileId a reconnect names; null otherwise
 * @param createGuid    the CreateGuid of DH2Q or DH2C; null otherwise
 * @param timeoutMillis the Timeout of DH2Q; 0 otherwise
 * @param appInstanceId the AppInstanceId context, if sent; null otherwise
 * @param persistent    DH2Q asks for a persistent handle, DH2C names one (SMB2_DHANDLE_FLAG_PERSISTENT)
 */
public record DurableRequest(Kind kind, FileId fileId, CreateGuid createGuid, int timeoutMillis,
                             CreateGuid appInstanceId, boolean persistent) {
    /** What a CREATE asks of durability. */
    public enum Kind { NONE, REQUEST_V1, REQUEST_V2, RECONNECT_V1, RECONNECT_V2 }

    /** [MS-SMB2] 3.3.5.9.10: a DH2Q Timeout of 0 leaves it to the server; Windows keeps the open 60 seconds. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** @throws SmbException STATUS_INVALID_PARAMETER for a combination Windows refuses, or a malformed context */
    public static DurableRequest of(CreateRequest req) {
        boolean v1 = req.hasContext(DurableHandleRequest.class);
        boolean v1Reconnect = req.hasContext(DurableHandleReconnect.class);
        boolean v2 = req.hasContext(DurableHandleRequestV2.class);
        boolean v2Reconnect = req.hasContext(DurableHandleReconnectV2.class);
        CreateGuid app = req.context(AppInstanceId.class).map(AppInstanceId::appInstanceId).orElse(null);
        if ((v2 || v2Reconnect) && (v1 || v1Reconnect || (v2 && v2Reconnect))) {
            throw new SmbException(NtStatus.STATUS_INVALID_PARAMETER, "durable v2 context with another durable one");
        }
        if (v1Reconnect) {
            // [MS-SMB2] 3.3.5.9.7: a DHnQ beside it is ignored; only the FileId matters.
            return new DurableRequest(Kind.RECONNECT_V1, req.context(DurableHandleReconnect.class).get().fileId(),
                    null, 0, app, false);
        }
        if (v2Reconnect) {
            DurableHandleReconnectV2 c = req.context(DurableHandleReconnectV2.class).get();
            return new DurableRequest(Kind.RECONNECT_V2, c.fileId(), c.createGuid(), 0, app,
                    (c.flags() & DurableHandleRequestV2.FLAG_PERSISTENT) != 0);
        }
        if (v2) {
            DurableHandleRequestV2 c = req.context(DurableHandleRequestV2.class).get();
            return new DurableRequest(Kind.REQUEST_V2, null, c.createGuid(), c.timeout(), app,
                    (c.flags() & DurableHandleRequestV2.FLAG_PERSISTENT) != 0);
        }
        if (v1) {
            req.context(DurableHandleRequest.class); // decodes, so a malformed DHnQ is refused
            return new DurableRequest(Kind.REQUEST_V1, null, null, 0, app, false);
        }
        return new DurableRequest(Kind.NONE, null, null, 0, app, false);
    }

    public boolean isReconnect() {
        return kind == Kind.RECONNECT_V1 || kind == Kind.RECONNECT_V2;
    }

    /**
     * [MS-SMB2] 3.3.5.9.10: how long the open is kept for a disconnected client: a Timeout of 0 gets the server's
     * default (60 s), a larger one at most {@code max} ({@code max durable timeout}); a durable v1 open gets the
     * default, within the same bound.
     */
    Duration timeout(Duration max) {
        Duration asked = kind == Kind.REQUEST_V2 && timeoutMillis != 0
                ? Duration.ofMillis(Integer.toUnsignedLong(timeoutMillis))
                : DEFAULT_TIMEOUT;
        return asked.compareTo(max) > 0 ? max : asked;
    }

    public boolean isRequest() {
        return kind == Kind.REQUEST_V1 || kind == Kind.REQUEST_V2;
    }
}
