/**
 * Windows conventions every storage package applies, at the bottom of the module: the NTSTATUS Windows sends for a
 * {@code java.nio} failure ({@link io.signet.storage.nt.NtStatusMapper}) and the rules for names
 * ({@link io.signet.storage.nt.WindowsNames}: legal characters, stream syntax, case-insensitive comparison). It uses
 * no other storage package.
 */
package io.signet.storage.nt;
