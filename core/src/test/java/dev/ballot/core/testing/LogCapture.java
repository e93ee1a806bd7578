package dev.ballot.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test fixture: captures what the named loggers log while a test (instance field) or a test class
 * (static field) runs, so a test that feeds bad input asserts on the WARN line it expects instead of
 * printing it on the build's console. Captured events still go to the module's {@code target/test.log}
 * (the {@code FILE} appender of the logback-test.xml), never to the console.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LogCapture LOGS = LogCapture.of(ChannelErrorHandler.class);
 * ...
 * Await.until(WAIT, () -&gt; LOGS.count(Level.WARN, "bad-version") == 1, LOGS::toString);
 * </pre>
 *
 * <p>Thread-safe: events arrive on whichever thread logged them.
 */
public final class LogCapture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final List<String> names;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Appender<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    };
    private final List<Logger> attached = new ArrayList<>();
    private boolean perClass;

    private LogCapture(List<String> names) {
        this.names = names;
        appender.setName("capture");
    }

    /** Captures the loggers of these classes (and their child loggers). */
    public static LogCapture of(Class<?>... classes) {
        List<String> names = new ArrayList<>();
        for (Class<?> c : classes) {
            names.add(c.getName());
        }
        return new LogCapture(names);
    }

    /** Captures these logger names (and their child loggers). */
    public static LogCapture ofNames(String... names) {
        return new LogCapture(List.of(names));
    }

    /** Events at {@code level} whose formatted message contains {@code text}. */
    public long count(Level level, String text) {
        return events.stream().filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text)).count();
    }

    /** Every formatted message captured at {@code level}, oldest first. */
    public List<String> messages(Level level) {
        return events.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every captured message (any level) that carries an exception, so a stack trace would be printed. */
    public List<String> withStackTraces() {
        return events.stream().filter(e -> e.getThrowableProxy() != null)
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    /** Forgets what was captured so far. */
    public void clear() {
        events.clear();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        attach();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        detach();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            events.clear();
            attach();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            detach();
        }
    }

    private synchronized void attach() {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
            throw new IllegalStateException("LogCapture needs logback-classic on the test class path");
        }
        Appender<ILoggingEvent> file = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE");
        appender.setContext(ctx);
        appender.start();
        for (String name : names) {
            Logger logger = ctx.getLogger(name);
            logger.addAppender(appender);
            if (file != null) {
                logger.addAppender(file);
            }
            logger.setAdditive(false);
            attached.add(logger);
        }
    }

    private synchronized void detach() {
        for (Logger logger : attached) {
            logger.detachAppender(appender);
            logger.detachAppender("FILE");
            logger.setAdditive(true);
        }
        attached.clear();
        appender.stop();
    }

    @Override
    public String toString() {
        return "captured " + events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** Levels, re-exported so tests need no logback import for the common case. */
    public static final Level WARN = Level.WARN;
    /** Levels, re-exported so tests need no logback import for the common case. */
    public static final Level ERROR = Level.ERROR;
}
