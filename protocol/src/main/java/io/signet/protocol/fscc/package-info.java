/**
 * [MS-FSCC] File System Control Codes: the file information classes (section 2.4), the file system information
 * classes (section 2.5) and the file attribute flags (section 2.6), as carried by SMB2 QUERY_DIRECTORY, QUERY_INFO
 * and SET_INFO.
 *
 * <p>Microsoft renumbers the subsections of [MS-FSCC] 2.4 between editions, so every citation here names the
 * information class; a subsection number is given only where it was checked against the edition current when the
 * code was written, otherwise the citation is "[MS-FSCC] 2.4" plus the class name. The wildcard rules used by
 * directory enumeration live in [MS-FSA] 2.1.4.4, not in [MS-FSCC].
 *
 * <p>Encoders write little-endian fields at the writer index of a caller-owned {@code ByteBuf} and never release
 * it; decoders read from a borrowed buffer starting at its reader index.
 */
package io.signet.protocol.fscc;
