package dev.ballot.election.fsm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one input to the {@link ElectionStateMachine} did and asks its runner to do. Immutable.
 *
 * @param events     what happened, in order, including each notification to send ({@link Outbound})
 * @param messages   the notifications to hand to the transport, in order (the {@link Outbound} events)
 * @param timers     timers to arm or cancel, in order
 * @param connectAll ask the transport to (re)connect to every peer (FLE's timeout path, docs/protocol.md "Timers")
 */
public record Output(List<ElectionEvent> events, List<Outbound> messages, List<TimerCommand> timers,
                     boolean connectAll) {

    /** Nothing happened. */
    public static final Output NONE = new Output(List.of(), List.of(), List.of(), false);

    public Output {
        events = List.copyOf(events);
        messages = List.copyOf(messages);
        timers = List.copyOf(timers);
    }

    /** The decision made on this input, if any (at most one: a decision ends the election). */
    public Optional<Decision> decision() {
        for (ElectionEvent e : events) {
            if (e instanceof ElectionEvent.Decided d) {
                return Optional.of(d.decision());
            }
        }
        return Optional.empty();
    }

    /** The events of type {@code type}, in order. */
    public <T extends ElectionEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ElectionEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** Whether this output asks for nothing at all (events that are only reports aside). */
    public boolean isEmpty() {
        return messages.isEmpty() && timers.isEmpty() && !connectAll && decision().isEmpty()
                && events(ElectionEvent.StateChanged.class).isEmpty();
    }
}
