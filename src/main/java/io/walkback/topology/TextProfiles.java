package io.walkback.topology;

import io.walkback.matching.TextSimilarity;
import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;

/** Wraps each input record with its text profile, computed here once per record (none in exact matching). */
final class TextProfiles {

    private final TextSimilarity similarity;

    TextProfiles(MatchSettings matching) {
        this.similarity = matching.similarity();
    }

    ClaimInput of(Announcement announcement) {
        return ClaimInput.of(announcement,
                similarity == null ? null : similarity.profile(announcement.topic(), announcement.claim()));
    }

    ClaimInput of(Backtrack backtrack) {
        return ClaimInput.of(backtrack,
                similarity == null ? null : similarity.profile(backtrack.topic(), backtrack.statement()));
    }
}
