package dev.ballot.election.fsm;

import java.util.List;
import java.util.Optional;

/**
 * What one input to the {@link ElectionStateMachine} asks its driver to do. Immutable.
 *
 * @param messages    notifications to hand to the transport, in order
 * @param timers      timers to arm or cancel, in order
 * @param connectAll  ask the transport to (re)connect to every peer (FLE's timeout path, spec §4.11)
 * @param decision    the election decided on this input
 * @param transition  the peer's state changed on this input
 * @param trace       developer-level reasons, one line each, starting with the local sid
 */
public record Output(List<Outbound> messages, List<TimerCommand> timers, boolean connectAll,
                     Optional<Decision> decision, Optional<Transition> transition, List<String> trace) {

    /** Nothing to do. */
    public static final Output NONE = new Output(List.of(), List.of(), false, Optional.empty(), Optional.empty(),
            List.of());

    public Output {
        messages = List.copyOf(messages);
        timers = List.copyOf(timers);
        trace = List.copyOf(trace);
    }

    /** Whether this output asks for nothing at all (trace lines aside). */
    public boolean isEmpty() {
        return messages.isEmpty() && timers.isEmpty() && !connectAll && decision.isEmpty() && transition.isEmpty();
    }
}
