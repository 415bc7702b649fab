package io.walkback.topology;

/** The four topics Walkback reads and writes, by name. */
public record TopicNames(String announcements, String backtracks, String contestedClaims, String deadLetters) {

    public static TopicNames defaults() {
        return new TopicNames(
                "diplomatic.announcements",
                "diplomatic.backtracks",
                "diplomatic.contested-claims",
                "diplomatic.dead-letters");
    }
}
