package io.signet.server.conn;

/**
 * The {@link RequestInterceptor} of one server, shared by all its connections; empty unless the embedding code set
 * one. Reading it is one volatile read, so a server without interceptor pays nothing else per request.
 */
public final class InterceptorSlot {
    private volatile RequestInterceptor current;

    /** The interceptor, or null when none is set. */
    public RequestInterceptor current() {
        return current;
    }

    /** Sets the interceptor requests meet from now on; null removes it. */
    public void set(RequestInterceptor interceptor) {
        this.current = interceptor;
    }
}
