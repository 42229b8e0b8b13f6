package io.signet.storage.create;

import io.signet.protocol.dtyp.SecurityDescriptor;
import java.util.Optional;

/**
 * The descriptor a file or directory gets when a CREATE makes it ([MS-DTYP] 2.5.3.4 CreateSecurityDescriptor):
 * from the creator's descriptor (the SMB2_CREATE_SD_BUFFER create context) if any, the creator's identity and what
 * the parent directory's descriptor lets it inherit.
 */
@FunctionalInterface
public interface NewFileDescriptor {
    /**
     * @param parent    the stored descriptor of the directory the file is created in, empty if it has none
     * @param directory whether the new file is a directory
     * @throws io.signet.protocol.status.SmbException when the creator's descriptor is refused (e.g.
     *                                                STATUS_INVALID_OWNER); nothing has been created yet
     */
    SecurityDescriptor of(Optional<SecurityDescriptor> parent, boolean directory);
}
