package io.walkback.app.http;

import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;

/**
 * Copies of claims with their long texts (claim, statement) cut, for the views that hold or send many at once: claim
 * lists and the live stream. The contract lets each text run to 100,000 characters, so a list of 1,000 full claims
 * could be hundreds of megabytes; cut, it is about one. The full record stays one request away
 * ({@code /api/claims/{id}}).
 */
final class ShortTexts {

    /** Characters of each text kept in a list or a live event; a cut text ends with an ellipsis. */
    static final int MAX_CHARS = 500;

    private ShortTexts() {
    }

    static String cut(String text) {
        if (text == null || text.length() <= MAX_CHARS) {
            return text;
        }
        int end = MAX_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a character in two
        }
        return text.substring(0, end) + "…";
    }

    static ClaimStatus of(ClaimStatus s) {
        return new ClaimStatus(s.schemaVersion(), s.announcementId(), s.status(), s.topic(), s.parties(), s.announcedBy(),
                cut(s.claim()), s.announcedAt(), s.announcementUrl(), s.backtracks(), s.firstLag(), s.latestLag(),
                s.lastContestedAt(), s.lastContestedBy(), cut(s.lastStatement()), s.kinds(), s.lastMatch());
    }

    static ContestedClaim of(ContestedClaim c) {
        return new ContestedClaim(c.schemaVersion(), c.announcementId(), c.backtrackId(), c.topic(), c.parties(),
                c.announcedBy(), c.contestedBy(), c.kind(), c.announcedAt(), c.contestedAt(), c.lagMillis(), c.lag(),
                cut(c.claim()), cut(c.statement()), c.announcementUrl(), c.backtrackUrl(), c.match());
    }
}
