package dev.ballot.core.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a zoo.cfg key that neither Ballot nor ZooKeeper knows. One that looks like a mistyped
 * {@code server.N}, {@code group.N} or {@code weight.N} ({@code sever.3}, {@code server3},
 * {@code Server.3}, {@code group1}) is fatal: ignoring it would silently change the ensemble or its
 * quorum. Any other gets a warning with the closest known key, if one is close. Stateless.
 */
final class UnknownKeys {
    /** A word, an optional separator and an optional number: the shape of an ensemble key. */
    private static final Pattern ENSEMBLE_SHAPE = Pattern.compile("([A-Za-z]{3,})[._-]?([0-9]*)");
    private static final Set<String> ENSEMBLE_WORDS = Set.of("server", "group", "weight");
    private static final Set<String> KNOWN = known();

    private UnknownKeys() {
    }

    private static Set<String> known() {
        Set<String> all = new TreeSet<>(ScalarKeys.KEYS);
        all.addAll(TlsSection.KEYS);
        all.addAll(IgnoredKeys.names());
        all.add("dynamicConfigFile");
        return Set.copyOf(all);
    }

    /**
     * The problem to stop start-up with if {@code key} is a mistyped ensemble key, e.g. {@code "unknown
     * key sever.3; did you mean server.3? ..."}.
     */
    static Optional<String> ensembleTypo(String key) {
        Matcher m = ENSEMBLE_SHAPE.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        String word = m.group(1);
        String id = m.group(2);
        // a word that is closer to a known key than to an ensemble word is that key's typo (tickTim)
        Optional<String> meant = Spelling.closest(word.toLowerCase(Locale.ROOT), ENSEMBLE_WORDS)
                .filter(w -> Spelling.closest(key, KNOWN).map(k -> Spelling.distance(key, k)).orElse(Integer.MAX_VALUE)
                        > Spelling.distance(word, w));
        return meant.map(w -> "unknown key " + key + "; did you mean " + w + "." + (id.isEmpty() ? "N" : id) + "?"
                + (id.isEmpty() ? " (N is the server's id)" : "") + " Start-up stops here: " + consequence(w, id));
    }

    private static String consequence(String word, String id) {
        String who = id.isEmpty() ? "a server" : "server " + id;
        return switch (word) {
            case "server" -> "ignoring this line would leave " + who + " out of the ensemble";
            case "group" -> "ignoring this line would change the quorum's groups";
            default -> "ignoring this line would change the quorum's weights";
        };
    }

    /** The warning for an unknown {@code key}, with the closest known key if one is close. */
    static String warning(String key) {
        return "unknown key " + key + "; ignored" + Spelling.closest(key, KNOWN).map(k -> " (did you mean " + k + "?)")
                .orElse("");
    }
}
