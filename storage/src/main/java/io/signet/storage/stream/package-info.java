/**
 * Named data streams ([MS-FSCC] 2.1.4): where they live ({@link io.signet.storage.stream.StreamStore}, regular files
 * in the {@code .signet-streams} sidecar directory) and the rename of an open's stream to another ":name"
 * ({@link io.signet.storage.StreamRename}). {@code StreamCreator}, which opens a stream, stays with
 * {@code FileCreator} in {@code io.signet.storage}.
 */
package io.signet.storage.stream;
