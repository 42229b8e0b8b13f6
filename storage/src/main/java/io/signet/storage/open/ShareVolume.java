package io.signet.storage.open;

import io.signet.storage.metadata.MetadataStore;
import io.signet.storage.stream.StreamStore;

import java.nio.file.Path;

/**
 * The share as one open's helpers see it: where it is, how it allocates, and the stores and open-file table every
 * open of the share uses. {@code ShareFileSystem} is the one implementation; the helpers take this narrower view so
 * that they need nothing from the facade that creates the opens.
 */
public interface ShareVolume {
    /** The share root (a real path). */
    Path root();

    /** The serial number FileFsVolumeInformation and FileIdInformation report for this share. */
    int volumeSerial();

    /** The volume's cluster size, in which allocation sizes are counted. */
    int allocationUnit();

    MetadataStore metadataStore();

    StreamStore streams();

    OpenFileTable openFiles();
}
