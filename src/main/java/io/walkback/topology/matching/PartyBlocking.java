package io.walkback.topology.matching;

import java.util.Collection;

/**
 * The candidate rule of similarity matching: which announcements a backtrack may contest at all, before any
 * text is compared. Parties are normalized (upper-case codes) by the caller.
 */
public final class PartyBlocking {

    private PartyBlocking() {
    }

    /**
     * A backtrack is a candidate for an announcement when its actor is one of the announcement's parties (actor
     * and counterparts) and, if it names counterparts, at least one of them is a party too.
     */
    public static boolean isCandidate(Collection<String> announcementParties, String backtrackActor,
                                      Collection<String> backtrackCounterparts) {
        if (!announcementParties.contains(backtrackActor)) {
            return false;
        }
        if (backtrackCounterparts.isEmpty()) {
            return true;
        }
        for (String counterpart : backtrackCounterparts) {
            if (announcementParties.contains(counterpart)) {
                return true;
            }
        }
        return false;
    }
}
