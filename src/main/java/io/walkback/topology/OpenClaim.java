package io.walkback.topology;

import io.walkback.matching.TextProfile;
import io.walkback.model.ClaimStatus;

/**
 * One copy of an announcement held by a matching block while its window is open (and for a minute after).
 *
 * @param status  its status as far as this block knows: contested once a backtrack of this block matched it
 * @param profile its text reduced for scoring (null in exact matching)
 * @param copies  how many blocks hold a copy of the announcement
 * @param closed  whether this copy's window closing was reported, so a restart does not report it again
 */
record OpenClaim(ClaimStatus status, TextProfile profile, int copies, boolean closed) {

    OpenClaim contestedBy(io.walkback.model.ContestedClaim contest) {
        return new OpenClaim(status.contestedBy(contest), profile, copies, closed);
    }

    OpenClaim closing() {
        return new OpenClaim(status, profile, copies, true);
    }

    boolean contested() {
        return status.status() == ClaimStatus.Status.CONTESTED;
    }
}
