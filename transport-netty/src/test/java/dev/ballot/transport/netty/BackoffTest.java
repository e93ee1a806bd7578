package dev.ballot.transport.netty;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    @ParameterizedTest(name = "attempt {0}, draw {1} -> {2} ms")
    @CsvSource({
            // min 100 ms, max 10 s: delay in [d/2, d), d = min(10 s, 100 ms * 2^attempt)
            "0,  0.0,   50",
            "0,  0.999, 99",
            "1,  0.0,   100",
            "3,  0.5,   600",
            "6,  0.0,   3200",
            "7,  0.0,   5000",      // 12.8 s capped at 10 s
            "7,  0.5,   7500",
            "40, 0.0,   5000",
            "2147483647, 0.0, 5000",
            "-3, 0.0,   50"})
    void exponentialCappedWithEqualJitter(int attempt, double draw, long expectedMillis) {
        assertEquals(Duration.ofMillis(expectedMillis),
                Backoff.delay(attempt, Duration.ofMillis(100), Duration.ofSeconds(10), draw).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}
