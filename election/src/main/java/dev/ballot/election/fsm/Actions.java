package dev.ballot.election.fsm;

import java.util.ArrayList;
import java.util.List;

/** Collects what one input produces; turned into an immutable {@link Output} at the end of the call. */
final class Actions {
    private final List<ElectionEvent> events = new ArrayList<>();
    private final List<Outbound> messages = new ArrayList<>();
    private final List<TimerCommand> timers = new ArrayList<>();
    private boolean connectAll;

    void send(Outbound message) {
        messages.add(message);
        events.add(message);
    }

    void timer(TimerCommand command) {
        timers.add(command);
    }

    void connectAll() {
        connectAll = true;
    }

    void event(ElectionEvent e) {
        events.add(e);
    }

    Output build() {
        if (events.isEmpty() && timers.isEmpty() && !connectAll) {
            return Output.NONE;
        }
        return new Output(events, messages, timers, connectAll);
    }
}
