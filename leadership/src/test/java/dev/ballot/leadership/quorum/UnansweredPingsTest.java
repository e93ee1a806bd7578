package dev.ballot.leadership.quorum;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnansweredPingsTest {

    @Test
    void answersTakeThePingsInTheOrderTheyWentOut() {
        UnansweredPings p = new UnansweredPings();
        assertFalse(p.outstanding());
        p.sent(10);
        p.sent(20);
        assertEquals(10, p.answer());
        p.sent(30);
        assertEquals(20, p.answer());
        assertEquals(30, p.answer());
        assertFalse(p.outstanding(), "every ping answered");
        assertThrows(IllegalStateException.class, p::answer);
    }

    @Test
    void beyondTheBound_pingsAreCreditedEarlier_neverLater_andNoAnswerIsLost() {
        UnansweredPings p = new UnansweredPings();
        int n = 10 * UnansweredPings.MAX_RUNS;
        for (int i = 0; i < n; i++) {
            p.sent(i);
        }
        for (int i = 0; i < n; i++) {
            long credited = p.answer();
            assertTrue(credited <= i, "ping " + i + " credited " + credited);
            if (i < UnansweredPings.MAX_RUNS) {
                assertEquals(i, credited, "exact within the bound");
            }
        }
        assertFalse(p.outstanding(), "one answer per ping, no more");
        p.sent(n);
        assertEquals(n, p.answer(), "exact again once drained");
    }
}
