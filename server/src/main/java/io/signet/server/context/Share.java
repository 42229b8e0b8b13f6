package io.signet.server.context;

import io.signet.config.ShareConfig;
import io.signet.storage.ShareFileSystem;

/** A configured share and its rooted view of the local file system. */
public record Share(ShareConfig config, ShareFileSystem fileSystem) {
}
