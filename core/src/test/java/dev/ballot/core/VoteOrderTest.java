package dev.ballot.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;
import java.util.function.LongUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/protocol.md "Ordering votes": FLE's total order, peerEpoch, then zxid, then sid; a weight-0 candidate never wins. */
class VoteOrderTest {
    @ParameterizedTest(name = "new=(sid {0}, zxid {1}, epoch {2}) cur=(sid {3}, zxid {4}, epoch {5}) zeroWeight=({6}) -> {7}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # new sid | zxid | epoch | cur sid | zxid | epoch | weight 0 | beats
            1         | 0    | 2     | 3       | 9    | 1     | -        | true
            3         | 9    | 1     | 1       | 0    | 2     | -        | false
            1         | 6    | 1     | 3       | 5    | 1     | -        | true
            3         | 5    | 1     | 1       | 6    | 1     | -        | false
            3         | 5    | 1     | 2       | 5    | 1     | -        | true
            2         | 5    | 1     | 3       | 5    | 1     | -        | false
            3         | 5    | 1     | 3       | 5    | 1     | -        | false
            1         | 0    | 0     | 2       | -1   | 0     | -        | true
            1         | -1   | 0     | 2       | 0    | 0     | -        | false
            1         | 0    | 0     | 2       | 0    | -1    | -        | true
            3         | 9    | 9     | 1       | 0    | 0     | 3        | false
            3         | 9    | 9     | 1       | 0    | 0     | 1        | true
            -9223372036854775808 | -9223372036854775808 | -9223372036854775808 | 1 | 0 | 0 | - | false
            1         | 0    | 0     | -9223372036854775808 | -9223372036854775808 | -9223372036854775808 | - | true
            9223372036854775807 | 9223372036854775807 | 9223372036854775807 | 1 | 0 | 0 | - | true
            5         | 4294967296 | 1 | 4 | 4294967295 | 1 | -      | true
            """)
    void beats(long newSid, long newZxid, long newEpoch, long curSid, long curZxid, long curEpoch, String zeroWeight,
               boolean beats) {
        Set<Long> zero = zeroWeight == null ? Set.of() : Set.of(Long.valueOf(zeroWeight.trim()));
        LongUnaryOperator weight = sid -> zero.contains(sid) ? 0 : 1;
        assertEquals(beats, VoteOrder.beats(newSid, newZxid, newEpoch, curSid, curZxid, curEpoch, weight));
        Vote candidate = new Vote(newSid, newZxid, 99, newEpoch, PeerState.LOOKING);
        Vote current = new Vote(curSid, curZxid, -99, curEpoch, PeerState.FOLLOWING);
        assertEquals(beats, VoteOrder.beats(candidate, current, weight), "Vote overload ignores round and state");
    }
}
