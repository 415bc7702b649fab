package io.walkback.topology;

import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;

/**
 * One thing a matching block learned about an announcement, keyed by announcement id: made, contested, or its
 * window closed. An announcement held in one block (every announcement in exact matching) is known whole there, so
 * {@code status} is its status and goes straight to the status topic. In similarity matching an announcement sits in
 * one block per party, so its status is assembled by {@link ClaimMerger} from the changes of all its copies (made
 * from its home copy, contested from whichever copy matched, each copy's window closed): it stood once every copy
 * closed without a contest.
 *
 * @param status  the announcement's status as this copy knows it after the change
 * @param contest the contest ({@link Kind#CONTESTED} only)
 * @param copies  how many blocks hold the announcement
 */
record ClaimChange(Kind kind, ClaimStatus status, ContestedClaim contest, int copies) {

    enum Kind { OPENED, CONTESTED, CLOSED }

    static ClaimChange opened(ClaimStatus opened, int copies) {
        return new ClaimChange(Kind.OPENED, opened, null, copies);
    }

    static ClaimChange contested(ClaimStatus after, ContestedClaim contest, int copies) {
        return new ClaimChange(Kind.CONTESTED, after, contest, copies);
    }

    static ClaimChange closed(ClaimStatus status, int copies) {
        return new ClaimChange(Kind.CLOSED, status, null, copies);
    }

    /** Whether this copy's status is the announcement's: it is its only copy. */
    boolean whole() {
        return copies == 1;
    }
}
