package io.walkback.contract;

import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics Walkback reads and writes, each with its serdes. Names are configurable ({@code walkback.topic.*});
 * encodings are not: inputs and outputs are UTF-8 JSON keyed by UTF-8 strings (the announcement id on both output
 * topics; on the inputs the key {@link InputKeys} gives), and dead letters keep the bytes of the record that failed.
 */
public record Topics(Topic<String, Announcement> announcements,
                     Topic<String, Backtrack> backtracks,
                     Topic<String, ContestedClaim> contestedClaims,
                     Topic<String, ClaimStatus> claimStatus,
                     Topic<byte[], byte[]> deadLetters) {

    public static Topics named(String announcements, String backtracks, String contestedClaims, String claimStatus,
                               String deadLetters) {
        return new Topics(
                new Topic<>(announcements, Serdes.String(), JsonSerde.of(Announcement.class)),
                new Topic<>(backtracks, Serdes.String(), JsonSerde.of(Backtrack.class)),
                new Topic<>(contestedClaims, Serdes.String(), JsonSerde.of(ContestedClaim.class)),
                new Topic<>(claimStatus, Serdes.String(), JsonSerde.of(ClaimStatus.class)),
                new Topic<>(deadLetters, Serdes.ByteArray(), Serdes.ByteArray()));
    }

    public static Topics defaults() {
        return named(
                "diplomatic.announcements",
                "diplomatic.backtracks",
                "diplomatic.contested-claims",
                "diplomatic.claim-status",
                "diplomatic.dead-letters");
    }

    /** The five names, inputs first. */
    public List<String> names() {
        return List.of(announcements.name(), backtracks.name(), contestedClaims.name(), claimStatus.name(),
                deadLetters.name());
    }
}
