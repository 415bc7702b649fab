package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;

/** An announcement and a backtrack the join found in the same claim-key window. */
record Pairing(Announcement announcement, Backtrack backtrack) {

    /** The join matched topic, parties and time; a backtrack that names its announcement must also name this one. */
    boolean backtrackRefersToAnnouncement() {
        return backtrack.refersTo() == null || backtrack.refersTo().equals(announcement.id());
    }

    String pairId() {
        return announcement.id() + '\u0000' + backtrack.id();
    }
}
