package dev.ballot.leadership;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RepeatedFailuresTest {
    private static final long S = 1_000_000_000L;

    @Test
    void firstLogged_repeatsCountedSilently_thenOneLineWithTheCount() {
        RepeatedFailures f = new RepeatedFailures(Duration.ofSeconds(60));
        assertEquals("", f.occurred("refused: epoch 4", 0));
        for (int i = 1; i <= 36; i++) {
            assertNull(f.occurred("refused: epoch " + (4 + i), i * S), "digits do not make another failure");
        }
        assertEquals("", f.occurred("cannot write /data", 40 * S), "another failure is logged at once");
        assertEquals(" (failed 37 times in 60 s)", f.occurred("refused: epoch 99", 60 * S));
        assertNull(f.occurred("refused: epoch 100", 61 * S));
        assertEquals(2 + 1, f.recovered(), "the two of this window and the other failure");
        assertEquals("", f.occurred("refused: epoch 4", 62 * S), "after recovering, a failure is news again");
    }
}
