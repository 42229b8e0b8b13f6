package io.signet.protocol.fscc;

import java.util.Objects;

/**
 * One named data stream of a file, as [MS-FSCC] 2.4.43 FileStreamInformation lists it.
 *
 * @param name           the stream name alone, without the ':' separators or the ":$DATA" type ([MS-FSCC] 2.1.4)
 * @param size           StreamSize: the stream's end of file
 * @param allocationSize StreamAllocationSize: bytes allocated to the stream
 */
public record StreamEntry(String name, long size, long allocationSize) {
    public StreamEntry {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a named stream needs a name; the main stream is listed by itself");
        }
    }
}
