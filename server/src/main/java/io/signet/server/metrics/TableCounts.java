package io.signet.server.metrics;

/**
 * The sizes of the server's tables, read when the endpoint is scraped (on its own thread, so each read must be safe
 * from any thread). Implemented by the wiring, which knows the tables; this package knows none of them.
 */
public interface TableCounts {
    /** Open connections. */
    long connections();

    /** Sessions in the GlobalSessionTable, those still authenticating included. */
    long sessions();

    /** Tree connects of all sessions. */
    long treeConnects();

    /** Opens (files, directories and named pipes) of all sessions. */
    long opens();
}
