package io.walkback.topology;

import io.walkback.model.ClaimStatus;
import io.walkback.model.ContestedClaim;

/**
 * One change of an announcement's status, from {@code before} (null when it was just made) to
 * {@code after}, and the contest that caused it, if one did. The matcher knows both sides, so the status
 * store is only written, never read, while records are processed.
 */
record ClaimEvent(ClaimStatus before, ClaimStatus after, ContestedClaim contest) {

    static ClaimEvent opened(ClaimStatus opened) {
        return new ClaimEvent(null, opened, null);
    }

    static ClaimEvent contested(ClaimStatus before, ContestedClaim contest) {
        return new ClaimEvent(before, before.contestedBy(contest), contest);
    }

    static ClaimEvent stood(ClaimStatus before) {
        return new ClaimEvent(before, before.stood(), null);
    }
}
