package io.signet.protocol.smb2.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The request create contexts ([MS-SMB2] 2.2.13.2) Signet decodes, by name: one {@link CreateContextData} record per
 * tag. A context whose name is not here (an app instance version, an unknown tag) stays
 * the raw {@link CreateContext} it was decoded as, which the server ignores ([MS-SMB2] 3.3.5.9).
 */
public final class CreateContextTypes {
    private record Type(String name, Function<ByteBuf, ? extends CreateContextData> decoder) {
    }

    private static final Map<String, Type> BY_NAME = new HashMap<>();
    private static final Map<Class<?>, Type> BY_CLASS = new HashMap<>();

    static {
        register(CreateContext.EA_BUFFER, EaBufferRequest.class, EaBufferRequest::decode);
        register(CreateContext.SD_BUFFER, SecurityDescriptorRequest.class, SecurityDescriptorRequest::decode);
        register(CreateContext.ALLOCATION_SIZE, AllocationSizeRequest.class, AllocationSizeRequest::decode);
        register(CreateContext.QUERY_MAXIMAL_ACCESS, MaximalAccessRequest.class, MaximalAccessRequest::decode);
        register(CreateContext.TIMEWARP_TOKEN, TimewarpTokenRequest.class, TimewarpTokenRequest::decode);
        register(CreateContext.QUERY_ON_DISK_ID, QueryOnDiskIdRequest.class, QueryOnDiskIdRequest::decode);
        register(CreateContext.LEASE, LeaseContext.class, LeaseContext::decode);
        register(CreateContext.DURABLE_HANDLE_REQUEST, DurableHandleRequest.class, DurableHandleRequest::decode);
        register(CreateContext.DURABLE_HANDLE_RECONNECT, DurableHandleReconnect.class, DurableHandleReconnect::decode);
        register(CreateContext.DURABLE_HANDLE_REQUEST_V2, DurableHandleRequestV2.class,
                DurableHandleRequestV2::decode);
        register(CreateContext.DURABLE_HANDLE_RECONNECT_V2, DurableHandleReconnectV2.class,
                DurableHandleReconnectV2::decode);
        register(CreateContext.APP_INSTANCE_ID, AppInstanceId.class, AppInstanceId::decode);
    }

    private CreateContextTypes() {
    }

    private static <T extends CreateContextData> void register(String name, Class<T> type,
                                                                Function<ByteBuf, T> decoder) {
        Type t = new Type(name, decoder);
        BY_NAME.put(name, t);
        BY_CLASS.put(type, t);
    }

    /** The tag a request context type is sent under. */
    public static String nameOf(Class<? extends CreateContextData> type) {
        Type t = BY_CLASS.get(type);
        if (t == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is not a registered request create context");
        }
        return t.name();
    }

    /**
     * The typed value of one request context, or the context itself when its name is not a registered one.
     *
     * @throws io.signet.protocol.status.SmbException when a registered context's Data is malformed, with the status
     *                                                its record's decode gives
     */
    public static Object decode(CreateContext context) {
        Type t = BY_NAME.get(context.name());
        return t == null ? context : t.decoder().apply(context.data());
    }

    /** {@link #decode} over a whole chain, in wire order. */
    public static List<Object> decodeAll(List<CreateContext> contexts) {
        List<Object> out = new ArrayList<>(contexts.size());
        for (CreateContext c : contexts) {
            out.add(decode(c));
        }
        return out;
    }
}
