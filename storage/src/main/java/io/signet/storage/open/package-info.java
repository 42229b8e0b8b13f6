/**
 * The opens of a share: one open as its helpers see it ({@link io.signet.storage.open.OpenedFile}, fixed at CREATE,
 * with the {@link io.signet.storage.open.OpenState} it changes later and the mode rules of
 * {@link io.signet.storage.open.OpenMode}); the share as those helpers see it
 * ({@link io.signet.storage.open.ShareVolume}); and the table every open of the share registers in
 * ({@link io.signet.storage.open.OpenFileTable}: path after renames, delete pending, reserved allocation, and the share
 * access check of [MS-FSA] 2.1.5.1.2 in {@link io.signet.storage.open.SharingCheck}).
 *
 * <p>Uses {@code stream} and {@code metadata} below it; the facade and {@code io} above it use it.
 */
package io.signet.storage.open;
