package dev.ballot.leadership.quorum;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The role sessions are pure state machines (time in, actions out), so that the simulator can run
 * them: they import no Netty, no sockets, no threads and read no clock. The Netty glue beside them
 * (LeaderRole, FollowerRole, QuorumListener, the codecs) may.
 */
class PureSessionsTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "import io\\.netty|import java\\.net\\.|java\\.util\\.concurrent\\.(?!CompletableFuture|CompletionStage)"
                    + "|Thread\\.|System\\.(nanoTime|currentTimeMillis)|java\\.time\\.(Clock|Instant)");

    @ParameterizedTest
    @ValueSource(strings = {"LeaderSession", "FollowerSession", "UnansweredPings", "Action", "QuorumMessage", "EpochState", "Backoff"})
    void sessionImportsNothingImpure(String name) throws IOException {
        Path src = Path.of("src/main/java/dev/ballot/leadership/quorum", name + ".java");
        List<String> bad = Files.readAllLines(src).stream().filter(l -> FORBIDDEN.matcher(l).find()).toList();
        assertEquals(List.of(), bad, src + " must stay pure");
    }
}
