package dev.ballot.election.fsm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects what one input produces; turned into an immutable {@link Output} at the end of the call. */
final class Actions {
    private final List<Outbound> messages = new ArrayList<>();
    private final List<TimerCommand> timers = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();
    private boolean connectAll;
    private Decision decision;
    private Transition transition;

    void send(Outbound message) {
        messages.add(message);
    }

    void timer(TimerCommand command) {
        timers.add(command);
    }

    void connectAll() {
        connectAll = true;
    }

    void decided(Decision d) {
        decision = d;
    }

    void transition(Transition t) {
        transition = t;
    }

    void trace(String line) {
        trace.add(line);
    }

    Output build() {
        if (messages.isEmpty() && timers.isEmpty() && trace.isEmpty() && !connectAll && decision == null
                && transition == null) {
            return Output.NONE;
        }
        return new Output(messages, timers, connectAll, Optional.ofNullable(decision),
                Optional.ofNullable(transition), trace);
    }
}
