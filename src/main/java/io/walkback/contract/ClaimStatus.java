package io.walkback.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Where an announcement stands, on {@code diplomatic.claim-status} (compacted, keyed by announcement id)
 * and in the claims API: {@code open} while inside its max-lag window and not contested, {@code contested}
 * once a backtrack matched it, {@code stood} once max lag plus grace passed without one. {@code lastMatch}
 * explains how the latest contest was matched.
 */
// The fields the claims store indexes by come first, so that its reader can stop parsing early (StatusKeeper).
@JsonPropertyOrder({"schemaVersion", "announcementId", "announcedAt", "status", "backtracks", "lastContestedAt"})
public record ClaimStatus(
        int schemaVersion,
        String announcementId,
        Status status,
        String topic,
        List<String> parties,
        String announcedBy,
        String claim,
        Instant announcedAt,
        String announcementUrl,
        int backtracks,
        Duration firstLag,
        Duration latestLag,
        Instant lastContestedAt,
        String lastContestedBy,
        String lastStatement,
        List<BacktrackKind> kinds,
        Match lastMatch) {

    public static final int SCHEMA_VERSION = 1;

    public enum Status {
        OPEN, CONTESTED, STOOD;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ClaimStatus {
        parties = List.copyOf(parties);
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }

    public static ClaimStatus opened(ClaimKey key, Announcement announcement) {
        return new ClaimStatus(SCHEMA_VERSION, announcement.id(), Status.OPEN, key.topic(), key.parties(),
                announcement.actor(), announcement.claim(), announcement.announcedAt(), announcement.url(),
                0, null, null, null, null, null, List.of(), null);
    }

    /** The status an announcement had when it was made, from a contest of it (which repeats those fields). */
    public static ClaimStatus openedAsIn(ContestedClaim contest) {
        return new ClaimStatus(SCHEMA_VERSION, contest.announcementId(), Status.OPEN, contest.topic(), contest.parties(),
                contest.announcedBy(), contest.claim(), contest.announcedAt(), contest.announcementUrl(),
                0, null, null, null, null, null, List.of(), null);
    }

    /** This status after {@code contest}; lags are kept as first (shortest) and latest (longest) whatever the arrival order. */
    public ClaimStatus contestedBy(ContestedClaim contest) {
        boolean newest = lastContestedAt == null || !contest.contestedAt().isBefore(lastContestedAt);
        TreeSet<BacktrackKind> allKinds = new TreeSet<>(kinds);
        allKinds.add(contest.kind());
        return new ClaimStatus(SCHEMA_VERSION, announcementId, Status.CONTESTED, topic, parties, announcedBy, claim,
                announcedAt, announcementUrl, backtracks + 1,
                firstLag == null || contest.lag().compareTo(firstLag) < 0 ? contest.lag() : firstLag,
                latestLag == null || contest.lag().compareTo(latestLag) > 0 ? contest.lag() : latestLag,
                newest ? contest.contestedAt() : lastContestedAt,
                newest ? contest.contestedBy() : lastContestedBy,
                newest ? contest.statement() : lastStatement,
                List.copyOf(allKinds),
                newest ? contest.match() : lastMatch);
    }

    public ClaimStatus stood() {
        return status == Status.OPEN ? withStatus(Status.STOOD) : this;
    }

    private ClaimStatus withStatus(Status newStatus) {
        return new ClaimStatus(schemaVersion, announcementId, newStatus, topic, parties, announcedBy, claim, announcedAt,
                announcementUrl, backtracks, firstLag, latestLag, lastContestedAt, lastContestedBy, lastStatement, kinds,
                lastMatch);
    }
}
