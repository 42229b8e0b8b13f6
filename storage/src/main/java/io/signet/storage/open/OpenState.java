package io.signet.storage.open;

import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * What one open changes after CREATE: its descriptor, the stream it is of (a stream rename changes both), its mode
 * (FileModeInformation) and whether it is closed. Only {@code FileHandle} and {@link OpenedFile} change it; the
 * per-open helpers read it through their {@link OpenedFile}. Used by one thread at a time, like its FileHandle.
 */
public final class OpenState {
    /** The open's descriptor; {@code null} for an open without data access, and after close. */
    private FileChannel channel;
    /** The named stream this open is of, "" for the file itself. */
    private String stream;
    /** The file holding that stream's data, {@code null} for the file itself. */
    private Path streamData;
    private int mode;
    private boolean closed;

    public OpenState(FileChannel channel, String stream, Path streamData, int mode) {
        this.channel = channel;
        this.stream = stream;
        this.streamData = streamData;
        this.mode = mode;
    }

    public FileChannel channel() {
        return channel;
    }

    public String stream() {
        return stream;
    }

    public Path streamData() {
        return streamData;
    }

    public int mode() {
        return mode;
    }

    public boolean closed() {
        return closed;
    }

    public void channel(FileChannel channel) {
        this.channel = channel;
    }

    public void stream(String stream, Path streamData) {
        this.stream = stream;
        this.streamData = streamData;
    }

    public void mode(int mode) {
        this.mode = mode;
    }

    public void markClosed() {
        this.closed = true;
    }
}
