/**
 * What a CREATE decides before any open exists: how a client path maps to a file inside the share root
 * ({@link io.signet.storage.create.PathResolver}, {@link io.signet.storage.create.Resolution}); the name lookups it
 * makes (8.3 {@link io.signet.storage.create.ShortNames}, the case-insensitive
 * {@link io.signet.storage.create.DirectoryNameIndex}, and {@link io.signet.storage.create.DosWildcard}, which filters
 * directory listings by the same rules); the checks of the request's parameters
 * ({@link io.signet.storage.create.CreateRequest}, {@link io.signet.storage.create.DesiredAccess}) and of the user's
 * rights against stored security descriptors ({@link io.signet.storage.create.FileAccessCheck},
 * {@link io.signet.storage.create.NewFileDescriptor}).
 *
 * <p>Uses {@code stream}, {@code metadata} and {@code nt} below it. {@code FileCreator} and {@code StreamCreator},
 * which make the open itself, and {@code CreateResult}, which carries it, are in {@code io.signet.storage}: only that
 * package constructs a {@code FileHandle}.
 */
package io.signet.storage.create;
