package io.walkback.topology;

import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.topology.matching.TextProfile;

/**
 * One copy of an announcement held by a matching block while its window is open.
 *
 * @param status  its status as far as this block knows: contested once a backtrack of this block matched it; with a
 *                single copy, that is the announcement's status
 * @param topic   its topic as given (the status holds the normalized one), for text scoring
 * @param profile its text reduced for scoring, computed the first time a backtrack needs it (null until then, and
 *                always in exact matching)
 * @param copies  how many blocks hold a copy of the announcement
 */
record OpenClaim(ClaimStatus status, String topic, TextProfile profile, int copies) {

    OpenClaim contestedBy(ContestedClaim contest) {
        return new OpenClaim(status.contestedBy(contest), topic, profile, copies);
    }

    OpenClaim withProfile(TextProfile newProfile) {
        return new OpenClaim(status, topic, newProfile, copies);
    }

    boolean contested() {
        return status.status() == ClaimStatus.Status.CONTESTED;
    }

    long announcedAt() {
        return status.announcedAt().toEpochMilli();
    }
}
