package dev.ballot.core;

import java.util.Locale;

/** Whether a member votes ({@link #PARTICIPANT}) or only learns the leader ({@link #OBSERVER}). */
public enum LearnerType {
    PARTICIPANT,
    OBSERVER;

    /** The lower-case word ZooKeeper writes in {@code server.N} lines ({@code participant}/{@code observer}). */
    public String configWord() {
        return name().toLowerCase(Locale.ROOT);
    }
}
