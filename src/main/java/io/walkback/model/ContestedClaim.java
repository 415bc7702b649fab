package io.walkback.model;

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
        String backtrackUrl) {

    public static final int SCHEMA_VERSION = 1;

    public static ContestedClaim of(ClaimKey key, Announcement announcement, Backtrack backtrack) {
        Duration lag = Duration.between(announcement.announcedAt(), backtrack.reportedAt());
        return new ContestedClaim(
                SCHEMA_VERSION,
                announcement.id(),
                backtrack.id(),
                key.topic(),
                key.parties(),
                announcement.actor(),
                backtrack.actor(),
                backtrack.kind(),
                announcement.announcedAt(),
                backtrack.reportedAt(),
                lag.toMillis(),
                lag,
                announcement.claim(),
                backtrack.statement(),
                announcement.url(),
                backtrack.url());
    }
}
