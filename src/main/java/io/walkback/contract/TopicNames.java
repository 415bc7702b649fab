package io.walkback.contract;

import java.util.List;

/** The topics Walkback reads and writes, by name. */
public record TopicNames(String announcements, String backtracks, String contestedClaims, String claimStatus,
                         String deadLetters) {

    public static TopicNames defaults() {
        return new TopicNames(
                "diplomatic.announcements",
                "diplomatic.backtracks",
                "diplomatic.contested-claims",
                "diplomatic.claim-status",
                "diplomatic.dead-letters");
    }

    public List<String> all() {
        return List.of(announcements, backtracks, contestedClaims, claimStatus, deadLetters);
    }
}
