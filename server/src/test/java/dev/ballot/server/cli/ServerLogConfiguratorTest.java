package dev.ballot.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's logging set up in code writes what the jar's logback.xml wrote, and steps aside for XML. */
class ServerLogConfiguratorTest {

    @Test
    void install_writesInfoLinesToStderr_nettyOnlyFromWarn() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext ctx = new LoggerContext();
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as logback's provider does
        try {
            ServerLogConfigurator.install(ctx);
            ctx.getLogger("dev.ballot.server.PeerNode").info("admin server on {}", "http://127.0.0.1:1/status");
            ctx.getLogger("dev.ballot.server.PeerNode").debug("not shown");
            ctx.getLogger("io.netty.channel.Foo").info("not shown either");
            ctx.getLogger("io.netty.channel.Foo").warn("shown");
            assertEquals(Level.INFO, ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel());
            assertEquals(Level.WARN, ctx.getLogger("io.netty").getLevel());
        } finally {
            System.setErr(err);
            ctx.stop();
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, captured.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[[^]]+] "
                + "PeerNode - admin server on http://127\\.0\\.0\\.1:1/status"), lines[0]);
        assertTrue(lines[1].endsWith(" WARN  [" + Thread.currentThread().getName() + "] Foo - shown"), lines[1]);
    }

    @Test
    void xml_winsWhenNamedOrOnTheClassPath() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertFalse(ServerLogConfigurator.xmlWanted(null, empty), "the server jar: no XML, set up in code");
            assertTrue(ServerLogConfigurator.xmlWanted("/etc/ballot/logback.xml", empty), "-Dlogback.configurationFile");
        }
        assertTrue(ServerLogConfigurator.xmlWanted(null, getClass().getClassLoader()), "logback-test.xml of the tests");
    }
}
