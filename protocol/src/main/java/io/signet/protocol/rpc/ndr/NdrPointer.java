package io.signet.protocol.rpc.ndr;

import io.signet.protocol.rpc.RpcFault;

/**
 * An embedded unique or full pointer read by {@link NdrReader}: its referent id is known at once, its pointee only
 * after {@link NdrReader#readDeferred()} has read the deferred pointees ([C706] 14.3.12, embedded pointers).
 */
public final class NdrPointer<T> {
    private final int referentId;
    private boolean read;
    private T value;

    NdrPointer(int referentId) {
        this.referentId = referentId;
    }

    /** The referent id; 0 is the null pointer ([C706] 14.3.10, pointers). */
    public int referentId() {
        return referentId;
    }

    public boolean isNull() {
        return referentId == 0;
    }

    /** The pointee, or null for a null pointer. */
    public T get() {
        if (!isNull() && !read) {
            throw new IllegalStateException("pointee " + referentId + " has not been read yet: call readDeferred()");
        }
        return value;
    }

    void set(T value) {
        if (read) {
            throw RpcFault.badStub("referent " + referentId + " read twice");
        }
        this.value = value;
        this.read = true;
    }

    boolean isRead() {
        return read;
    }
}
