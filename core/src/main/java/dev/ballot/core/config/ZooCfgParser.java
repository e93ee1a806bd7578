package dev.ballot.core.config;

import dev.ballot.core.Reasons;
import dev.ballot.core.LearnerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads a ZooKeeper {@code zoo.cfg} into an {@link EnsembleConfig} (docs/protocol.md "zoo.cfg keys"), so an existing
 * ensemble's file works unchanged.
 *
 * <p>In: a file in {@code java.util.Properties} syntax, UTF-8 (ASCII in practice; a byte-order mark
 * is skipped). Out: the typed config, or a {@link ConfigException} reading {@code <file>:<line>: <what
 * is wrong>}. Keys ZooKeeper knows but Ballot does not use are listed together in one note (INFO log
 * by default). A key nobody knows is a warning (WARN log by default) with the closest known key, unless
 * it looks like a mistyped {@code server.N}, {@code group.N} or {@code weight.N}: that is an error,
 * since ignoring it would silently change the ensemble. A key given twice keeps its last value, as in
 * ZooKeeper, with a warning. {@code dynamicConfigFile} is refused: Ballot reads the ensemble from
 * zoo.cfg only.
 *
 * <p>Stateless entry points; thread-safe. Does blocking file I/O: call it from {@code main}, not from
 * an event loop.
 */
public final class ZooCfgParser {
    private static final Logger LOG = LoggerFactory.getLogger(ZooCfgParser.class);

    private final Path file;
    private final Consumer<String> warnings;
    private final Consumer<String> notes;
    private final List<PropertiesReader.Entry> ignored = new ArrayList<>();
    private final Values values;
    private final QuorumSection quorum;
    private final TlsSection tls;
    private final EnsembleConfig.Builder builder = EnsembleConfig.builder();
    private final Map<String, PropertiesReader.Entry> scalars = new HashMap<>();

    private ZooCfgParser(Path file, Consumer<String> warnings, Consumer<String> notes) {
        this.file = file;
        this.warnings = warnings;
        this.notes = notes;
        this.values = new Values(file);
        this.quorum = new QuorumSection(file, values);
        this.tls = new TlsSection(values);
        builder.source(file);
    }

    /** Parses {@code file}, logging warnings at WARN and the note of ignored ZooKeeper keys at INFO. */
    public static EnsembleConfig parse(Path file) {
        return parse(file, LOG::warn, LOG::info);
    }

    /**
     * Parses {@code file}, handing each warning ({@code <file>:<line>: ...}) to {@code warnings} and
     * logging the note of ignored ZooKeeper keys at INFO.
     *
     * @throws ConfigException if the file cannot be read or holds an error
     */
    public static EnsembleConfig parse(Path file, Consumer<String> warnings) {
        return parse(file, warnings, LOG::info);
    }

    /**
     * Parses {@code file}, handing each warning ({@code <file>:<line>: ...}) to {@code warnings} and the
     * one line that lists the ZooKeeper keys Ballot ignores ({@code <file>: ...}), if any, to {@code notes}.
     *
     * @throws ConfigException if the file cannot be read or holds an error
     */
    public static EnsembleConfig parse(Path file, Consumer<String> warnings, Consumer<String> notes) {
        String text = read(file);
        List<PropertiesReader.Entry> entries;
        try {
            entries = PropertiesReader.read(text);
        } catch (PropertiesReader.SyntaxException e) {
            throw new ConfigException(file, e.line, e.getMessage());
        }
        return new ZooCfgParser(file, warnings, notes).parse(entries);
    }

    private EnsembleConfig parse(List<PropertiesReader.Entry> entries) {
        Map<String, PropertiesReader.Entry> seen = new HashMap<>();
        for (PropertiesReader.Entry e : entries) {
            PropertiesReader.Entry before = seen.put(e.key(), e);
            if (before != null && !e.key().matches("(server|group|weight)\\..*")) {
                warn(e, e.key() + " is set again (first on line " + before.line() + "); the last value wins");
            }
            dispatch(e);
        }
        if (!ignored.isEmpty()) {
            notes.accept(file + ": ZooKeeper settings that Ballot does not use, ignored: " + ignored.stream()
                    .map(e -> e.key() + " (line " + e.line() + ")").collect(Collectors.joining(", ")));
        }
        return build();
    }

    private void dispatch(PropertiesReader.Entry e) {
        if (quorum.accept(e) || tls.accept(e)) {
            return;
        }
        if (ScalarKeys.KEYS.contains(e.key())) {
            scalars.put(e.key(), e);
        } else if (e.key().equals("dynamicConfigFile")) {
            throw values.error(e, "dynamicConfigFile is not supported by Ballot; "
                    + "move the server.N/group.N/weight.N lines into this file");
        } else if (IgnoredKeys.isZooKeeperKey(e.key())) {
            ignored.add(e);
        } else {
            Optional<String> typo = UnknownKeys.ensembleTypo(e.key());
            if (typo.isPresent()) {
                throw values.error(e, typo.get());
            }
            warn(e, UnknownKeys.warning(e.key()));
        }
    }

    private EnsembleConfig build() {
        PropertiesReader.Entry dataDir = scalars.get("dataDir");
        if (dataDir == null || dataDir.value().isEmpty()) {
            throw new ConfigException(file, dataDir == null ? 0 : dataDir.line(),
                    "dataDir is not set; it names the directory holding myid and version-2/currentEpoch");
        }
        builder.dataDir(Path.of(dataDir.value()));
        ScalarKeys.apply(scalars, values, builder);
        PropertiesReader.Entry standalone = scalars.get("standaloneEnabled");
        builder.quorum(quorum.build(standalone == null || values.bool(standalone)));
        builder.tls(tls.build(quorum.sids()));
        return builder.build();
    }

    private void warn(PropertiesReader.Entry e, String what) {
        warnings.accept(file + ":" + e.line() + ": " + what);
    }

    private static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read the file: " + Reasons.of(e), e);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ConfigException(file, line, "not UTF-8 text (byte " + in.position() + "); save the file as UTF-8");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        // Windows editors may save UTF-8 with a byte-order mark; it would otherwise glue onto the first key
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The peer type word of {@code peerType} ({@code participant}/{@code observer}). */
    static LearnerType learnerType(Values values, PropertiesReader.Entry e) {
        return switch (e.value().toLowerCase(Locale.ROOT)) {
            case "participant" -> LearnerType.PARTICIPANT;
            case "observer" -> LearnerType.OBSERVER;
            default -> throw values.error(e, "peerType='" + e.value() + "': expected participant or observer");
        };
    }
}
