package dev.ballot.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds what a mistyped key was meant to be. The distance is the optimal-string-alignment edit
 * distance (insert, delete, substitute, swap two neighbours), case-insensitive, so {@code ticktime}
 * is 0 from {@code tickTime} and {@code tickTmie} is 1. Stateless; thread-safe.
 */
final class Spelling {
    private Spelling() {
    }

    /**
     * The candidate closest to {@code word}, if one is close enough to be a likely typo: at most one
     * edit for words up to 7 characters, two up to 11, three beyond. Ties go to the candidate that
     * sorts first, so the answer does not depend on the collection's order.
     */
    static Optional<String> closest(String word, Collection<String> candidates) {
        int limit = word.length() <= 7 ? 1 : word.length() <= 11 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance || (d == bestDistance && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** The case-insensitive optimal-string-alignment distance between {@code a} and {@code b}. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[x.length()][y.length()];
    }
}
