package io.signet.server.probe;

import java.io.IOException;

/** The server announced a Direct TCP frame larger than the probe's bound: refused before any buffer is sized by it. */
public final class FrameTooLargeException extends IOException {
    public FrameTooLargeException(long announced, int bound) {
        super("the server announced a frame of " + announced + " bytes; the probe accepts at most " + bound);
    }
}
