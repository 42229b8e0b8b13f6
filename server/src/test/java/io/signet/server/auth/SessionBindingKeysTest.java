package io.signet.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.auth.AuthenticatedUser;
import io.signet.auth.UserKind;
import io.signet.protocol.crypto.PreauthIntegrity;
import io.signet.protocol.smb2.Dialect;
import org.junit.jupiter.api.Test;

/**
 * [MS-SMB2] 3.3.5.5.3 Channel.SigningKey of a bound channel, against the binding vectors Microsoft published (the
 * "anatomy of signing and cryptographic keys" blog, second channel of its 3.0 and 3.1.1 examples).
 */
class SessionBindingKeysTest {
    private static final String S30_CH2_SESSION_KEY = ""
            + "4E01A2B313BCF660CC250BEF021AEDE6";
    private static final String S30_CH2_SIGNING_KEY = ""
            + "BA1A17DBBFEC349BCA105563D598952F";
    private static final String S311_CH2_H2 = ""
            + "E267AB1AA0403082AA2A9FEB0224AF3EA92E53CAA50A893A9635F0659F93591F81391737E68DB0C9AD878C56449C36A6"
            + "895EBCF435A7D97072C7B596B8AF3817";
    private static final String S311_CH2_REQUEST1 = ""
            + "FE534D4240000100000000000100800008000000000000000200000000000000FFFE0000000000001900000000100000"
            + "68BD0C58F613CE1334B1EB51C68D39EA19000101010000000000000058004A000000000000000000604806062B060105"
            + "0502A03E303CA00E300C060A2B06010401823702020AA22A04284E544C4D5353500001000000978208E2000000000000"
            + "00000000000000000000060380250000000F";
    private static final String S311_CH2_RESPONSE1 = ""
            + "FE534D4240000100160000C00100010009000000000000000200000000000000FFFE0000000000001900000000100000"
            + "014A71CAE724995E612430E2BE87578C090000004800B300A181B03081ADA0030A0101A10C060A2B0601040182370202"
            + "0AA281970481944E544C4D53535000020000000C000C003800000015828AE23823DA68E32D2FE1000000000000000050"
            + "005000440000000A0092270000000F53005500540033003100310002000C0053005500540033003100310001000C0053"
            + "005500540033003100310004000C0053005500540033003100310003000C005300550054003300310031000700080041"
            + "3B42AECBAED00100000000";
    private static final String S311_CH2_REQUEST2 = ""
            + "FE534D4240000100000000000100800008000000000000000300000000000000FFFE0000000000001900000000100000"
            + "3CA64529ACAE57B26DCEC17B14E477D71900010101000000000000005800CF010000000000000000A18201CB308201C7"
            + "A0030A0101A28201AA048201A64E544C4D53535000030000001800180090000000EE00EE00A80000000C000C00580000"
            + "001A001A0064000000120012007E0000001000100096010000158288E2060380250000000FED00E0F3D901F7B77E9807"
            + "1474F83009530055005400330031003100610064006D0069006E006900730074007200610074006F0072004400520049"
            + "00560045005200330031003100000000000000000000000000000000000000000000000000A46794DA5D2033965D5339"
            + "E1A675B79B0101000000000000413B42AECBAED0018E4D343661BA6A750000000002000C005300550054003300310031"
            + "0001000C0053005500540033003100310004000C0053005500540033003100310003000C005300550054003300310031"
            + "0007000800413B42AECBAED00106000400020000000800300030000000000000000000000000300000B61FEFCAA857EA"
            + "57BF1EDCEBF8974B8E0EBA5A6DFD9D07A31D11B548F8C9D0CC0A00100000000000000000000000000000000000090016"
            + "0063006900660073002F00530055005400330031003100000000000000000000000000C8C61D67CE6976938913369176"
            + "55DDD3A3120410010000005122F070A7314A9B00000000";
    private static final String S311_CH2_H5 = ""
            + "EA3BF912B11CBFEC5B1889E8209614218687F82FA5294521AD3063425E49E88A10BD022124CE25123BC9111F52D9566B"
            + "A88BF46344E6063DC5E3FF0389026F6C";
    private static final String S311_CH2_SESSION_KEY = ""
            + "84B9DBB730116A8FA6E9889555C265F9";
    private static final String S311_CH2_SIGNING_KEY = ""
            + "C962BCA1A9DD1697B030644199705431";
    private static final String S311_CH1_SIGNING_KEY = ""
            + "73FE7A9A77BEF0BDE49C650D8CCB5F76";

    private static byte[] hex(String s) {
        return ByteBufUtil.decodeHexDump(s);
    }

    private static byte[] hashed(byte[] previous, String message) {
        ByteBuf m = Unpooled.wrappedBuffer(hex(message));
        return PreauthIntegrity.update(previous, m, m.readerIndex(), m.readableBytes());
    }

    @Test
    void smb30ChannelKeyComesFromTheBindingsOwnSessionKey() {
        byte[] key = SessionBinding.channelSigningKey(Dialect.SMB3_0, hex(S30_CH2_SESSION_KEY), null);
        assertArrayEquals(hex(S30_CH2_SIGNING_KEY), key);
        assertArrayEquals(hex(S30_CH2_SIGNING_KEY),
                SessionBinding.channelSigningKey(Dialect.SMB3_0_2, hex(S30_CH2_SESSION_KEY), null));
    }

    /**
     * The binding's PreauthSession hash starts from the new connection's hash after NEGOTIATE and takes in the
     * binding requests as signed on the wire and the interim response, not the final one.
     */
    @Test
    void smb311ChannelKeyComesFromTheBindingsOwnPreauthHash() {
        byte[] h = hashed(hex(S311_CH2_H2), S311_CH2_REQUEST1);
        h = hashed(h, S311_CH2_RESPONSE1);
        h = hashed(h, S311_CH2_REQUEST2);
        assertArrayEquals(hex(S311_CH2_H5), h);
        byte[] key = SessionBinding.channelSigningKey(Dialect.SMB3_1_1, hex(S311_CH2_SESSION_KEY), h);
        assertArrayEquals(hex(S311_CH2_SIGNING_KEY), key);
        assertFalse(java.util.Arrays.equals(hex(S311_CH1_SIGNING_KEY), key), "not the session's own key");
    }

    @Test
    void bindingNeedsTheSameAccount() {
        AuthenticatedUser alice = new AuthenticatedUser("alice", "SIGNET", UserKind.USER);
        assertTrue(SessionBinding.sameUser(alice, new AuthenticatedUser("ALICE", "signet", UserKind.USER)));
        assertFalse(SessionBinding.sameUser(alice, new AuthenticatedUser("bob", "SIGNET", UserKind.USER)));
        assertFalse(SessionBinding.sameUser(alice, new AuthenticatedUser("alice", "OTHER", UserKind.USER)));
        assertFalse(SessionBinding.sameUser(alice, new AuthenticatedUser("alice", "SIGNET", UserKind.GUEST)));
        assertFalse(SessionBinding.sameUser(null, alice));
    }
}
