package dev.ballot.server.cli;

import dev.ballot.server.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code status --admin} takes host:port or the URL the server log prints. */
class StatusCommandTest {
    private static final String EXPECTED = "; expected host:port or http://host:port/status, e.g. 127.0.0.1:8080";

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("127.0.0.1:8080", "http://127.0.0.1:8080/status"),
                arguments("zk1.example.com:8080", "http://zk1.example.com:8080/status"),
                arguments("[::1]:8080", "http://[::1]:8080/status"),
                arguments("http://127.0.0.1:8080/status", "http://127.0.0.1:8080/status"),
                arguments("http://0.0.0.0:8080/status", "http://0.0.0.0:8080/status"),
                arguments("http://127.0.0.1:8080", "http://127.0.0.1:8080/status"),
                arguments("http://127.0.0.1:8080/", "http://127.0.0.1:8080/status"),
                arguments("HTTP://zk1:8080/status/", "http://zk1:8080/status"),
                arguments(" http://[::1]:8080/status ", "http://[::1]:8080/status"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedForms(String given, String uri) {
        assertEquals(URI.create(uri), StatusCommand.statusUri(given));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("127.0.0.1", "no port" + EXPECTED),
                arguments("http://127.0.0.1/status", "no port" + EXPECTED),
                arguments("https://127.0.0.1:8080/status", "the admin server speaks plain http, not https" + EXPECTED),
                arguments("http://127.0.0.1:8080/health", "unexpected '/health' after the port" + EXPECTED),
                arguments("127.0.0.1:8080/status", "unexpected '/status' after the port" + EXPECTED),
                arguments("http://127.0.0.1:8080/status?x=1", "unexpected '/status?x=1' after the port" + EXPECTED),
                arguments("127.0.0.1:port", "not a host and port" + EXPECTED),
                arguments("a b:80", "not an address" + EXPECTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedForms(String given, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> StatusCommand.statusUri(given)).getMessage());
    }

    @Test
    void badAddress_isAUsageErrorWithOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(Main.CONFIG_ERROR, cl.execute("status", "--admin", "https://127.0.0.1:8080/status"));
        assertEquals("ballot-server: --admin 'https://127.0.0.1:8080/status': the admin server speaks plain http, "
                + "not https" + EXPECTED, err.toString().strip());
    }
}
