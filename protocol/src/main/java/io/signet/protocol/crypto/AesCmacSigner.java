package io.signet.protocol.crypto;

/**
 * AES-128-CMAC message signing ([MS-SMB2] 3.1.4.1: the SMB 3.x default, and SigningAlgorithmId 0x0001), keyed with
 * Session.SigningKey or Channel.SigningKey; the 16-byte CMAC tag is the signature. See {@link AesCmac}.
 */
final class AesCmacSigner extends AbstractMessageSigner {
    private final AesCmac cmac;

    AesCmacSigner(byte[] key) {
        cmac = new AesCmac(key);
    }

    @Override
    protected void begin(byte[] header, int length, boolean signing) {
        // AesCmac is idle between messages: finish and reset both leave it ready.
    }

    @Override
    protected void update(byte[] b, int off, int len) {
        cmac.update(b, off, len);
    }

    @Override
    protected void finish(byte[] tag, boolean signing) {
        cmac.finish(tag, 0);
    }

    @Override
    protected void abort() {
        cmac.reset();
    }
}
