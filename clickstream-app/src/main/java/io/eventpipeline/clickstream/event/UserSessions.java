package io.eventpipeline.clickstream.event;

import java.util.List;

/**
 * A user's sessions as the sessions processor keeps them: those still open, and the latest one closed,
 * kept a while for queries.
 *
 * @param open the open sessions, in order of their first event; rarely more than one (a late event may
 *     open one before the current, until a later event bridges them)
 * @param closed the latest closed session, or {@code null}
 */
public record UserSessions(List<SessionState> open, SessionState closed) {

    public UserSessions {
        open = List.copyOf(open);
    }

    /** The session with the latest last event, open or closed; {@code null} when there is none. */
    public SessionState latest() {
        return open.isEmpty() ? closed : open.get(open.size() - 1);
    }

    /** Whether {@code latest()} is open. */
    public boolean latestOpen() {
        return !open.isEmpty();
    }
}
