package io.signet.server.conn;

/**
 * The file I/O of one READ or WRITE and the response body it writes ({@link RequestContext#runIo}): run on the
 * connection's thread or on an I/O thread, so it uses only what is safe there: the open's file handle (positional
 * reads and writes), its current byte offset and the change notifier. Throws {@code SmbException} for an error
 * response.
 */
@FunctionalInterface
public interface IoWork {
    void run(ResponseBody out);
}
