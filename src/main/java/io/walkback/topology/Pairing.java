package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;

/**
 * What the left join found for an announcement: a backtrack in the same claim-key window, or, once the
 * window has closed with no match, none ({@code backtrack} is null).
 */
record Pairing(Announcement announcement, Backtrack backtrack) {

    /** The join matched topic, parties and time; a backtrack that names its announcement must also name this one. */
    boolean isContest() {
        return backtrack != null && (backtrack.refersTo() == null || backtrack.refersTo().equals(announcement.id()));
    }

    String pairId() {
        return announcement.id() + '\u0000' + backtrack.id();
    }
}
