package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimKey;

/**
 * One record of either input, as it travels through the single repartition topic. Both inputs share one
 * topic so that each matcher task reads one partition in the order it was written: no task waits for, or
 * runs ahead of, a second input.
 */
record ClaimInput(Announcement announcement, Backtrack backtrack) {

    ClaimInput {
        if ((announcement == null) == (backtrack == null)) {
            throw new IllegalArgumentException("a claim input holds exactly one of announcement and backtrack");
        }
    }

    static ClaimInput of(Announcement announcement) {
        return new ClaimInput(announcement, null);
    }

    static ClaimInput of(Backtrack backtrack) {
        return new ClaimInput(null, backtrack);
    }

    ClaimKey claimKey(ClaimKeys keys) {
        return announcement != null ? keys.of(announcement) : keys.of(backtrack);
    }
}
