package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.signet.fuzz.LeakCheck;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.smb2.Smb2Header;
import io.signet.protocol.status.SmbException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * [MS-SMB2] 2.2.1 SMB2 header and every request body of 2.2.3 to 2.2.39, in a compound chain ([MS-SMB2] 3.3.5.2.7)
 * split the way the connection splits it: each element is read as a header and decoded by its command's decoder. A
 * decoder may return or throw {@link SmbException}. A decoded request, encoded again, must decode to the same bytes.
 */
class Smb2RequestFuzzTest {
    static {
        LeakCheck.install();
    }

    private record Codec<T>(Function<ByteBuf, T> decode, BiConsumer<T, ByteBuf> encode) {
        /** Decodes {@code msg}; if that works, checks that encode, decode and encode again give the same bytes. */
        void roundTrip(ByteBuf msg) {
            T first;
            try {
                first = decode.apply(msg);
            } catch (SmbException expected) {
                return;
            }
            ByteBuf once = Unpooled.buffer();
            once.writeZero(Smb2Header.SIZE);
            encode.accept(first, once);
            T second = decode.apply(once.duplicate());
            ByteBuf twice = Unpooled.buffer();
            twice.writeZero(Smb2Header.SIZE);
            encode.accept(second, twice);
            assertEquals(ByteBufUtil.hexDump(once), ByteBufUtil.hexDump(twice));
        }
    }

    private static final Map<Smb2Command, Codec<?>> CODECS = new EnumMap<>(Smb2Command.class);

    private static <T> void codec(Smb2Command c, Function<ByteBuf, T> decode, BiConsumer<T, ByteBuf> encode) {
        CODECS.put(c, new Codec<>(decode, encode));
    }

    static {
        codec(Smb2Command.NEGOTIATE, NegotiateRequest::decode, NegotiateRequest::encode);
        codec(Smb2Command.SESSION_SETUP, SessionSetupRequest::decode, SessionSetupRequest::encode);
        codec(Smb2Command.LOGOFF, LogoffRequest::decode, LogoffRequest::encode);
        codec(Smb2Command.TREE_CONNECT, TreeConnectRequest::decode, TreeConnectRequest::encode);
        codec(Smb2Command.TREE_DISCONNECT, TreeDisconnectRequest::decode, TreeDisconnectRequest::encode);
        codec(Smb2Command.CREATE, CreateRequest::decode, CreateRequest::encode);
        codec(Smb2Command.CLOSE, CloseRequest::decode, CloseRequest::encode);
        codec(Smb2Command.FLUSH, FlushRequest::decode, FlushRequest::encode);
        codec(Smb2Command.READ, ReadRequest::decode, ReadRequest::encode);
        codec(Smb2Command.WRITE, WriteRequest::decode, WriteRequest::encode);
        codec(Smb2Command.LOCK, LockRequest::decode, LockRequest::encode);
        codec(Smb2Command.IOCTL, IoctlRequest::decode, IoctlRequest::encode);
        codec(Smb2Command.CANCEL, CancelRequest::decode, CancelRequest::encode);
        codec(Smb2Command.ECHO, EchoRequest::decode, EchoRequest::encode);
        codec(Smb2Command.QUERY_DIRECTORY, QueryDirectoryRequest::decode, QueryDirectoryRequest::encode);
        codec(Smb2Command.CHANGE_NOTIFY, ChangeNotifyRequest::decode, ChangeNotifyRequest::encode);
        codec(Smb2Command.QUERY_INFO, QueryInfoRequest::decode, QueryInfoRequest::encode);
        codec(Smb2Command.SET_INFO, SetInfoRequest::decode, SetInfoRequest::encode);
        codec(Smb2Command.OPLOCK_BREAK, OplockBreak::decode, OplockBreak::encode);
    }

    @FuzzTest
    void compoundChain(byte[] input) {
        ByteBuf frame = Unpooled.wrappedBuffer(input);
        int index = 0;
        int end = frame.writerIndex();
        // At most 64 elements: the loop must end however NextCommand is set.
        for (int element = 0; element < 64; element++) {
            int remaining = end - index;
            if (remaining < Smb2Header.SIZE || frame.getIntLE(index) != Smb2Header.PROTOCOL_ID) {
                break;
            }
            Smb2Header header = Smb2Header.read(frame, index);
            int next = header.nextCommand();
            boolean chainBroken = next != 0 && (next < Smb2Header.SIZE || next > remaining || (next & 7) != 0);
            int length = next == 0 || chainBroken ? remaining : next;
            ByteBuf message = frame.slice(index, length);
            Smb2Command command = header.command();
            if (command != null) {
                CODECS.get(command).roundTrip(message);
            }
            if (next == 0 || chainBroken) {
                break;
            }
            index += next;
        }
        LeakCheck.assertNoLeaks();
    }
}
