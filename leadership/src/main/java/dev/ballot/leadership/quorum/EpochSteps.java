package dev.ballot.leadership.quorum;

import java.util.List;

/** What a session does once one of its epoch writes ended ({@link LeaderSession}, {@link FollowerSession}). */
public interface EpochSteps {
    List<Action> onAcceptedPersisted(long epoch, long now);

    List<Action> onCurrentPersisted(long epoch, long now);

    List<Action> onPersistFailed(String what);
}
