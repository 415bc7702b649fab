package io.walkback.topology;

import io.walkback.model.ClaimStatus;
import io.walkback.model.ContestedClaim;

/**
 * One thing a matching block learned about an announcement, sent keyed by announcement id to the task that keeps
 * its status. An announcement in similarity matching sits in one block per party, so its status is assembled
 * from the changes of all its copies: made (from its home copy), contested (from whichever copy matched), and
 * each copy's window closed; it stood once every copy closed without a contest.
 *
 * @param opened its status when made ({@link Kind#OPENED} only)
 * @param contest the contest ({@link Kind#CONTESTED} only)
 * @param copies  how many blocks hold the announcement ({@link Kind#CLOSED}: how many closings to wait for)
 */
record ClaimChange(Kind kind, ClaimStatus opened, ContestedClaim contest, int copies) {

    enum Kind { OPENED, CONTESTED, CLOSED }

    static ClaimChange opened(ClaimStatus opened) {
        return new ClaimChange(Kind.OPENED, opened, null, 1);
    }

    static ClaimChange contested(ContestedClaim contest) {
        return new ClaimChange(Kind.CONTESTED, null, contest, 1);
    }

    static ClaimChange closed(int copies) {
        return new ClaimChange(Kind.CLOSED, null, null, copies);
    }
}
