package io.walkback.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The output event on {@code diplomatic.contested-claims}: one announcement contested by one backtrack. */
public record ContestedClaim(
        int schemaVersion,
        String announcementId,
        String backtrackId,
        String topic,
        List<String> parties,
        String announcedBy,
        String contestedBy,
        BacktrackKind kind,
        Instant announcedAt,
        Instant contestedAt,
        long lagMillis,
        Duration lag,
        String claim,
        String statement,
        String announcementUrl,
        String backtrackUrl,
        Match match) {

    public static final int SCHEMA_VERSION = 1;

    /** {@code backtrack} contesting the announcement whose status is {@code claim}, matched as {@code match} says. */
    public static ContestedClaim of(ClaimStatus claim, Backtrack backtrack, Match match) {
        Duration lag = Duration.between(claim.announcedAt(), backtrack.reportedAt());
        return new ContestedClaim(
                SCHEMA_VERSION,
                claim.announcementId(),
                backtrack.id(),
                claim.topic(),
                claim.parties(),
                claim.announcedBy(),
                backtrack.actor(),
                backtrack.kind(),
                claim.announcedAt(),
                backtrack.reportedAt(),
                lag.toMillis(),
                lag,
                claim.claim(),
                backtrack.statement(),
                claim.announcementUrl(),
                backtrack.url(),
                match);
    }

    public static ContestedClaim of(ClaimKey key, Announcement announcement, Backtrack backtrack, Match match) {
        return of(ClaimStatus.opened(key, announcement), backtrack, match);
    }
}
