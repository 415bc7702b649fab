package io.walkback.topology;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;

/**
 * One record of either input, on its way to one matching block: through the single repartition topic (both inputs
 * share it, so each matcher task reads one partition in the order it was written), or, when inputs are keyed by
 * block, straight from the input topics.
 *
 * @param copies how many blocks the record was sent to (an announcement goes to one per party in similarity
 *               matching; a backtrack always to one)
 * @param home   whether this copy owns the announcement's status: the one that reports it made and counts drops
 */
record ClaimInput(Announcement announcement, Backtrack backtrack, int copies, boolean home) {

    ClaimInput {
        if ((announcement == null) == (backtrack == null)) {
            throw new IllegalArgumentException("a claim input holds exactly one of announcement and backtrack");
        }
    }

    static ClaimInput of(Announcement announcement) {
        return new ClaimInput(announcement, null, 1, true);
    }

    static ClaimInput of(Backtrack backtrack) {
        return new ClaimInput(null, backtrack, 1, true);
    }

    ClaimInput copy(int copiesInAll, boolean homeCopy) {
        return new ClaimInput(announcement, backtrack, copiesInAll, homeCopy);
    }
}
