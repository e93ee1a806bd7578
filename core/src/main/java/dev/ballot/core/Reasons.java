package dev.ballot.core;

import java.io.EOFException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A failure in words an operator reads: "connection refused", "cannot resolve host name zk9.example",
 * "/data/version-2: read-only file system". Never {@code null}, never a Java class name (log the
 * exception itself at DEBUG for that). Wrappers ({@link CompletionException}, {@link ExecutionException})
 * are looked through. Stateless; thread-safe.
 */
public final class Reasons {
    private Reasons() {
    }

    /** The reason {@code t} failed, in plain words. */
    public static String of(Throwable t) {
        Throwable c = unwrap(t);
        String message = c.getMessage() == null || c.getMessage().isBlank() ? null : c.getMessage().strip();
        if (c instanceof UnknownHostException) {
            // the JDK's message is the host name, sometimes followed by ": Name or service not known"
            return message == null ? "name resolution failed" : "cannot resolve host name " + message;
        }
        if (c instanceof FileSystemException f) {
            return file(f);
        }
        if (c instanceof ConnectException) {
            return message == null ? "connection refused" : lowerFirst(message);
        }
        if (c instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (c instanceof SocketTimeoutException || c instanceof TimeoutException
                || c.getClass().getSimpleName().endsWith("TimeoutException")) {
            return message == null ? "timed out" : lowerFirst(message);
        }
        if (c instanceof BindException) {
            return message == null ? "address already in use" : lowerFirst(message);
        }
        if (c instanceof ClosedChannelException) {
            return "connection closed";
        }
        if (c instanceof EOFException) {
            return message == null ? "unexpected end of input" : lowerFirst(message);
        }
        if (message != null) {
            // the operating system's words ("Is a directory", "No space left on device") read on after a colon
            return c instanceof java.io.IOException ? lowerFirst(message) : message;
        }
        return c.getClass() == java.io.IOException.class ? "I/O error" : words(c.getClass().getSimpleName());
    }

    private static String file(FileSystemException f) {
        String path = f.getFile() == null ? "" : f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
        String reason = f.getReason() != null ? lowerFirst(f.getReason())
                : f instanceof AccessDeniedException ? "permission denied"
                : f instanceof NoSuchFileException ? "no such file or directory"
                : f instanceof NotDirectoryException ? "not a directory"
                : f instanceof FileAlreadyExistsException ? "already exists"
                : "file system error";
        return path.isEmpty() ? reason : path + ": " + reason;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException
                || c.getClass() == java.io.UncheckedIOException.class) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** "Connection refused" reads as "connection refused" after a colon. */
    private static String lowerFirst(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }

    /** {@code ClosedChannelException} → "closed channel": a plain stand-in when there is no message. */
    private static String words(String simpleName) {
        String base = simpleName.replaceAll("(Exception|Error)$", "");
        String spaced = base.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).strip();
        return spaced.isEmpty() ? "unknown failure" : spaced;
    }
}
