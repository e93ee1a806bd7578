package dev.ballot.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ReasonsTest {
    static Stream<Arguments> reasons() {
        return Stream.of(
                arguments(new UnknownHostException("zk9.example"), "cannot resolve host name zk9.example"),
                arguments(new UnknownHostException(), "name resolution failed"),
                arguments(new ConnectException(), "connection refused"),
                arguments(new ConnectException("Connection refused"), "connection refused"),
                arguments(new SocketTimeoutException(), "timed out"),
                arguments(new BindException("Address already in use"), "address already in use"),
                arguments(new ClosedChannelException(), "connection closed"),
                arguments(new EOFException(), "unexpected end of input"),
                arguments(new AccessDeniedException("/d/version-2"), "/d/version-2: permission denied"),
                arguments(new NoSuchFileException("/d/myid"), "/d/myid: no such file or directory"),
                arguments(new FileSystemException("/d/version-2/currentEpoch.tmp", null, "No space left on device"),
                        "/d/version-2/currentEpoch.tmp: no space left on device"),
                arguments(new FileSystemException("/d/version-2", null, "Read-only file system"),
                        "/d/version-2: read-only file system"),
                arguments(new IOException("No space left on device"), "no space left on device"),
                arguments(new IllegalStateException("Leader gone"), "Leader gone"),
                arguments(new CompletionException(new ConnectException()), "connection refused"),
                arguments(new ExecutionException(new UncheckedIOException(new AccessDeniedException("/x"))),
                        "/x: permission denied"),
                arguments(new IllegalStateException(), "illegal state"),
                arguments(new NullPointerException(), "null pointer"),
                arguments(new IOException(" "), "I/O error"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("reasons")
    void plainReason(Throwable t, String reason) {
        assertEquals(reason, Reasons.of(t));
    }
}
