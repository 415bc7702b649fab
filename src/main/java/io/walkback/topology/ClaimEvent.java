package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.ClaimKey;
import io.walkback.model.ContestedClaim;

/**
 * Something that changes an announcement's status: it was made, it was contested, or its window (max lag
 * plus grace) closed, which makes it stood unless it was contested.
 */
record ClaimEvent(Type type, String announcementId, ClaimKey key, Announcement announcement, ContestedClaim contest) {

    enum Type { OPENED, CONTESTED, CLOSED }

    static ClaimEvent opened(ClaimKey key, Announcement announcement) {
        return new ClaimEvent(Type.OPENED, announcement.id(), key, announcement, null);
    }

    static ClaimEvent contested(ContestedClaim contest) {
        return new ClaimEvent(Type.CONTESTED, contest.announcementId(), null, null, contest);
    }

    static ClaimEvent closed(String announcementId) {
        return new ClaimEvent(Type.CLOSED, announcementId, null, null, null);
    }
}
