/**
 * Named data streams ([MS-FSCC] 2.1.4): where they live ({@link io.signet.storage.stream.StreamStore}, regular files
 * in the {@code .signet-streams} sidecar directory). It uses {@code metadata} and {@code nt} below it.
 * {@code StreamCreator}, which opens a stream, and {@code StreamRename}, which renames an open's stream to another
 * ":name" and reopens its data, are in {@code io.signet.storage} with {@code FileCreator}.
 */
package io.signet.storage.stream;
