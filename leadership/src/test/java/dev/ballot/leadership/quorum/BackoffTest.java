package dev.ballot.leadership.quorum;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {
    private static final Backoff ROLE = Backoff.ROLE; // 100 ms doubling to 5 s

    @ParameterizedTest(name = "attempt {0}, random {1} -> {2} ms (ceiling {3} ms)")
    @CsvSource({
            // attempt, random, delay ms, ceiling ms
            "1,  0.0,    50,  100",
            "1,  0.5,    75,  100",
            "1,  0.9999, 99,  100",
            "2,  0.0,   100,  200",
            "3,  0.5,   300,  400",
            "6,  0.0,  1600, 3200",
            "7,  0.0,  2500, 5000",   // 6.4 s capped at 5 s
            "7,  0.5,  3750, 5000",
            "40, 0.0,  2500, 5000",   // no overflow far past the cap
            "1000, 0.9999, 4999, 5000",
    })
    void equalJitter_betweenHalfAndAllOfTheCappedCeiling(int attempt, double random, long delayMs, long ceilingMs) {
        assertEquals(ceilingMs, ROLE.ceilingNanos(attempt) / 1_000_000);
        assertEquals(delayMs, ROLE.delayNanos(attempt, random) / 1_000_000);
    }

    @ParameterizedTest(name = "base {0} ms cap {1} ms attempt {2} random {3} refused")
    @CsvSource({"0, 100, 1, 0.5", "200, 100, 1, 0.5", "100, 1000, 0, 0.5", "100, 1000, 1, 1.0", "100, 1000, 1, -0.1"})
    void badArguments_areRefused(long base, long cap, int attempt, double random) {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofMillis(base), Duration.ofMillis(cap)).delayNanos(attempt, random));
    }
}
