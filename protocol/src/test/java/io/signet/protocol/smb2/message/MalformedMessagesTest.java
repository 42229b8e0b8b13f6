package io.signet.protocol.smb2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.signet.protocol.fsctl.ValidateNegotiateInfoRequest;
import io.signet.protocol.fsctl.ValidateNegotiateInfoResponse;
import io.signet.protocol.smb2.Smb2Command;
import io.signet.protocol.status.NtStatus;
import io.signet.protocol.status.SmbException;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every decoder against every prefix of a valid message and against random corruption of its body: the only failure
 * allowed is SmbException(STATUS_INVALID_PARAMETER) - never an IndexOutOfBoundsException, never a read past the
 * message's readable bytes (each input is a slice, so such a read would throw).
 */
class MalformedMessagesTest extends MessageTestSupport {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                fixture("LogoffRequest", Smb2Command.LOGOFF, "04000000", LogoffRequest::decode),
                fixture("LogoffResponse", Smb2Command.LOGOFF, "04000000", LogoffResponse::decode),
                fixture("TreeDisconnectRequest", Smb2Command.TREE_DISCONNECT, "04000000",
                        TreeDisconnectRequest::decode),
                fixture("TreeDisconnectResponse", Smb2Command.TREE_DISCONNECT, "04000000",
                        TreeDisconnectResponse::decode),
                fixture("EchoRequest", Smb2Command.ECHO, "04000000", EchoRequest::decode),
                fixture("EchoResponse", Smb2Command.ECHO, "04000000", EchoResponse::decode),
                fixture("CancelRequest", Smb2Command.CANCEL, "04000000", CancelRequest::decode),
                fixture("FlushResponse", Smb2Command.FLUSH, "04000000", FlushResponse::decode),
                fixture("LockResponse", Smb2Command.LOCK, "04000000", LockResponse::decode),
                fixture("SetInfoResponse", Smb2Command.SET_INFO, "0200", SetInfoResponse::decode),
                fixture("ErrorResponse/contexts", Smb2Command.CREATE, ErrorResponseTest.TWO_CONTEXTS,
                        ErrorResponse::decode),
                fixture("ErrorResponse/data", Smb2Command.CREATE, ErrorResponseTest.BUFFER_TOO_SMALL,
                        ErrorResponse::decode),
                fixture("TreeConnectRequest", Smb2Command.TREE_CONNECT, TreeConnectTest.REQUEST,
                        TreeConnectRequest::decode),
                fixture("TreeConnectRequest/extension", Smb2Command.TREE_CONNECT,
                        TreeConnectTest.REQUEST_WITH_EXTENSION, TreeConnectRequest::decode),
                fixture("TreeConnectResponse", Smb2Command.TREE_CONNECT, TreeConnectTest.RESPONSE,
                        TreeConnectResponse::decode),
                fixture("CreateRequest", Smb2Command.CREATE, CreateTest.REQUEST, CreateRequest::decode),
                fixture("CreateRequest/root", Smb2Command.CREATE, CreateTest.ROOT_REQUEST, CreateRequest::decode),
                fixture("CreateResponse", Smb2Command.CREATE, CreateTest.RESPONSE, CreateResponse::decode),
                fixture("CloseRequest", Smb2Command.CLOSE, CloseFlushTest.CLOSE_REQUEST, CloseRequest::decode),
                fixture("CloseResponse", Smb2Command.CLOSE, CloseFlushTest.CLOSE_RESPONSE, CloseResponse::decode),
                fixture("FlushRequest", Smb2Command.FLUSH, CloseFlushTest.FLUSH_REQUEST, FlushRequest::decode),
                fixture("ReadRequest", Smb2Command.READ, ReadWriteTest.READ_REQUEST, ReadRequest::decode),
                fixture("ReadResponse", Smb2Command.READ, ReadWriteTest.READ_RESPONSE, ReadResponse::decode),
                fixture("WriteRequest", Smb2Command.WRITE, ReadWriteTest.WRITE_REQUEST, WriteRequest::decode),
                fixture("WriteResponse", Smb2Command.WRITE, ReadWriteTest.WRITE_RESPONSE, WriteResponse::decode),
                fixture("LockRequest", Smb2Command.LOCK, LockTest.REQUEST, LockRequest::decode),
                fixture("IoctlRequest", Smb2Command.IOCTL, IoctlTest.REQUEST, IoctlRequest::decode),
                fixture("IoctlResponse", Smb2Command.IOCTL, IoctlTest.RESPONSE, IoctlResponse::decode),
                fixture("ValidateNegotiateInfoRequest", Smb2Command.IOCTL, IoctlTest.VALIDATE_REQUEST,
                        msg -> ValidateNegotiateInfoRequest.decode(body(msg))),
                fixture("ValidateNegotiateInfoResponse", Smb2Command.IOCTL, IoctlTest.VALIDATE_RESPONSE,
                        msg -> ValidateNegotiateInfoResponse.decode(body(msg))),
                fixture("QueryDirectoryRequest", Smb2Command.QUERY_DIRECTORY, QueryDirectoryTest.REQUEST,
                        QueryDirectoryRequest::decode),
                fixture("QueryDirectoryResponse", Smb2Command.QUERY_DIRECTORY, QueryDirectoryTest.RESPONSE,
                        QueryDirectoryResponse::decode),
                fixture("ChangeNotifyRequest", Smb2Command.CHANGE_NOTIFY, ChangeNotifyTest.REQUEST,
                        ChangeNotifyRequest::decode),
                fixture("ChangeNotifyResponse", Smb2Command.CHANGE_NOTIFY, ChangeNotifyTest.RESPONSE,
                        ChangeNotifyResponse::decode),
                fixture("QueryInfoRequest", Smb2Command.QUERY_INFO, QuerySetInfoTest.QUERY_EA_REQUEST,
                        QueryInfoRequest::decode),
                fixture("QueryInfoResponse", Smb2Command.QUERY_INFO, QuerySetInfoTest.QUERY_RESPONSE,
                        QueryInfoResponse::decode),
                fixture("SetInfoRequest", Smb2Command.SET_INFO, QuerySetInfoTest.SET_REQUEST,
                        SetInfoRequest::decode));
    }

    private static Arguments fixture(String name, Smb2Command command, String body, Function<ByteBuf, ?> decoder) {
        return Arguments.of(name, command, body, decoder);
    }

    /** What follows the header (nothing if the message is cut inside it), for structures decoded from a buffer. */
    private static ByteBuf body(ByteBuf msg) {
        int headerLength = Math.min(64, msg.readableBytes());
        return msg.slice(msg.readerIndex() + headerLength, msg.readableBytes() - headerLength);
    }

    private static void decodeOrReject(Function<ByteBuf, ?> decoder, ByteBuf msg, String what) {
        try {
            decoder.apply(msg);
        } catch (SmbException e) {
            assertEquals(NtStatus.STATUS_INVALID_PARAMETER, e.status(), what);
        } catch (RuntimeException e) {
            fail(what + ": " + e, e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theFixtureItselfDecodes(String name, Smb2Command command, String body, Function<ByteBuf, ?> decoder) {
        decoder.apply(message(command, body));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyPrefixDecodesOrIsRejected(String name, Smb2Command command, String body,
                                        Function<ByteBuf, ?> decoder) {
        ByteBuf whole = message(command, body);
        for (int length = 0; length <= whole.readableBytes(); length++) {
            decodeOrReject(decoder, whole.slice(0, length), name + " cut to " + length + " bytes");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void corruptedBodiesDecodeOrAreRejected(String name, Smb2Command command, String body,
                                            Function<ByteBuf, ?> decoder) {
        ByteBuf original = message(command, body);
        Random random = new Random(name.hashCode());
        int bodyLength = original.readableBytes() - 64;
        for (int round = 0; round < 2000; round++) {
            ByteBuf copy = track(Unpooled.copiedBuffer(original));
            int changes = 1 + random.nextInt(4);
            for (int i = 0; i < changes; i++) {
                int at = 64 + random.nextInt(bodyLength);
                int value = switch (random.nextInt(4)) {
                    case 0 -> 0x00;
                    case 1 -> 0xFF;
                    case 2 -> copy.getUnsignedByte(at) + 8;
                    default -> random.nextInt(256);
                };
                copy.setByte(at, value);
            }
            int length = random.nextBoolean() ? copy.readableBytes() : 64 + random.nextInt(bodyLength + 1);
            decodeOrReject(decoder, copy.slice(0, length), name + " corrupted, round " + round);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void decodersCountFromTheReaderIndex(String name, Smb2Command command, String body,
                                         Function<ByteBuf, ?> decoder) {
        ByteBuf plain = message(command, body);
        ByteBuf shifted = track(Unpooled.buffer());
        shifted.writeBytes(hex("deadbeefcafe")).writeBytes(plain, 0, plain.readableBytes());
        shifted.readerIndex(6);
        assertEquals(decoder.apply(plain), decoder.apply(shifted));
    }
}
