package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.ClaimKey;
import io.walkback.model.ContestedClaim;

/** Something that changes an announcement's status: it was made, it was contested, or its window closed. */
record ClaimEvent(Type type, ClaimKey key, Announcement announcement, ContestedClaim contest) {

    enum Type { OPENED, CONTESTED, STOOD }

    static ClaimEvent opened(ClaimKey key, Announcement announcement) {
        return new ClaimEvent(Type.OPENED, key, announcement, null);
    }

    static ClaimEvent contested(ContestedClaim contest) {
        return new ClaimEvent(Type.CONTESTED, null, null, contest);
    }

    static ClaimEvent stood(ClaimKey key, Announcement announcement) {
        return new ClaimEvent(Type.STOOD, key, announcement, null);
    }

    String announcementId() {
        return contest != null ? contest.announcementId() : announcement.id();
    }
}
