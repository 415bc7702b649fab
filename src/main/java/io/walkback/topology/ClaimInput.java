package io.walkback.topology;

import io.walkback.matching.TextProfile;
import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;

/**
 * One record of either input, as it travels through the single repartition topic to one matching block. Both
 * inputs share one topic so that each matcher task reads one partition in the order it was written: no task
 * waits for, or runs ahead of, a second input.
 *
 * @param profile its text reduced for scoring (null in exact matching), computed once before the record is sent
 *                to its blocks, so an announcement sent to three blocks is analyzed once
 * @param copies  how many blocks the record was sent to (an announcement goes to one per party in similarity
 *                matching; a backtrack always to one)
 * @param home    whether this copy owns the announcement's status: the one that reports it made and counts drops
 */
record ClaimInput(Announcement announcement, Backtrack backtrack, TextProfile profile, int copies, boolean home) {

    ClaimInput {
        if ((announcement == null) == (backtrack == null)) {
            throw new IllegalArgumentException("a claim input holds exactly one of announcement and backtrack");
        }
    }

    static ClaimInput of(Announcement announcement, TextProfile profile) {
        return new ClaimInput(announcement, null, profile, 1, true);
    }

    static ClaimInput of(Backtrack backtrack, TextProfile profile) {
        return new ClaimInput(null, backtrack, profile, 1, true);
    }

    ClaimInput copy(int copiesInAll, boolean homeCopy) {
        return new ClaimInput(announcement, backtrack, profile, copiesInAll, homeCopy);
    }
}
