package dev.ballot.server.trace;

import dev.ballot.core.trace.RingBufferTraceSink;
import dev.ballot.core.trace.TraceEvent;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Writes the traces of several peers (sharing one ticker) to one JSON-lines file. Stateless. */
public final class TraceFiles {
    private TraceFiles() {
    }

    /**
     * Merges the sinks' retained events in time order and writes them to {@code file}, replacing it.
     *
     * @return how many events were written
     */
    public static int writeMerged(Path file, Collection<RingBufferTraceSink> sinks) throws IOException {
        List<TraceEvent> all = new ArrayList<>();
        sinks.forEach(s -> all.addAll(s.snapshot()));
        List<TraceEvent> merged = TraceEvent.inTimeOrder(all);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            TraceJson.write(w, merged);
        }
        return merged.size();
    }
}
