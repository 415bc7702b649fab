package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimStatus;
import io.walkback.model.ContestedClaim;
import io.walkback.serde.JsonSerde;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Walkback's topology: announcements and backtracks are re-keyed by claim key, joined within
 * {@code [announcedAt, announcedAt + maxLag]}, filtered by {@code refersTo}, de-duplicated per pair and
 * written as contested claims keyed by announcement id. Each announcement's status (open, contested,
 * stood) is kept in a queryable store and written to the compacted claim-status topic.
 *
 * <p>Every processor, store and internal topic carries a fixed name (see the constants), so a running
 * application can be upgraded without losing state. Changing a name is a breaking change.
 */
public final class WalkbackTopology {

    public static final String ANNOUNCEMENTS_BY_CLAIM = "announcements-by-claim";
    public static final String BACKTRACKS_BY_CLAIM = "backtracks-by-claim";
    public static final String CONTEST_JOIN = "contest-join";
    public static final String CONTEST_JOIN_STORE = "contest-join-store";
    public static final String REPORTED_PAIRS_STORE = "reported-pairs-store";
    public static final String CLAIM_STATUS_STORE = "claim-status-store";
    public static final String CONTESTED_INDEX_STORE = "contested-index-store";

    /**
     * Changelogs of window stores have time-based retention, which the broker checks against record
     * timestamps: a 2014 replay's state would be deleted from its changelog at once, and lost on the next
     * restore. Stamping changelog records with append time makes retention count from when they were written.
     */
    static final Map<String, String> CHANGELOG_CONFIG =
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

    private WalkbackTopology() {
    }

    /**
     * @param streamsConfig the application's Kafka Streams properties; topology-level settings (such as
     *                      {@code max.task.idle.ms} and explicit-naming enforcement) are taken from them
     */
    public static Topology build(TopologySettings settings, Properties streamsConfig) {
        return build(settings, streamsConfig, TopologyEvents.NONE);
    }

    /**
     * @param streamsConfig the application's Kafka Streams properties; topology-level settings (such as
     *                      {@code max.task.idle.ms} and explicit-naming enforcement) are taken from them
     * @param events        told of reads, dead letters, late drops and results, for metrics
     */
    public static Topology build(TopologySettings settings, Properties streamsConfig, TopologyEvents events) {
        TopicNames topics = settings.topics();
        ClaimKeys claimKeys = new ClaimKeys(settings.topicAliases());
        long graceMillis = settings.grace().toMillis();
        EventTimeBounds bounds = settings.timeBounds();

        // Input serdes also check event-time plausibility; internal topics hold records already checked.
        Serde<Announcement> incomingAnnouncements = Serdes.serdeFrom(JsonSerde.of(Announcement.class).serializer(),
                new CountingDeserializer<>("announcements", JsonSerde.of(Announcement.class,
                        a -> bounds.check("announcedAt", a.announcedAt())).deserializer(), events));
        Serde<Backtrack> incomingBacktracks = Serdes.serdeFrom(JsonSerde.of(Backtrack.class).serializer(),
                new CountingDeserializer<>("backtracks", JsonSerde.of(Backtrack.class,
                        b -> bounds.check("reportedAt", b.reportedAt())).deserializer(), events));
        Serde<Announcement> announcementSerde = JsonSerde.of(Announcement.class);
        Serde<Backtrack> backtrackSerde = JsonSerde.of(Backtrack.class);

        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig)));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(REPORTED_PAIRS_STORE, reportedPairsRetention(settings),
                        Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()).withLoggingEnabled(CHANGELOG_CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLAIM_STATUS_STORE),
                Serdes.String(), JsonSerde.of(ClaimStatus.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONTESTED_INDEX_STORE),
                Serdes.String(), Serdes.String()));

        KStream<String, Announcement> announcements = builder
                .stream(topics.announcements(), Consumed.with(Serdes.ByteArray(), incomingAnnouncements)
                        .withTimestampExtractor((record, partitionTime) ->
                                ((Announcement) record.value()).announcedAt().toEpochMilli())
                        .withName("read-announcements"))
                .selectKey((ignored, a) -> claimKeys.of(a).asString(), Named.as("key-announcements-by-claim"))
                .repartition(Repartitioned.with(Serdes.String(), announcementSerde).withName(ANNOUNCEMENTS_BY_CLAIM))
                .processValues(() -> new LateRecordFilter<>("announcements", graceMillis, events),
                        Named.as("drop-late-announcements"));

        KStream<String, Backtrack> backtracks = builder
                .stream(topics.backtracks(), Consumed.with(Serdes.ByteArray(), incomingBacktracks)
                        .withTimestampExtractor((record, partitionTime) ->
                                ((Backtrack) record.value()).reportedAt().toEpochMilli())
                        .withName("read-backtracks"))
                .selectKey((ignored, b) -> claimKeys.of(b).asString(), Named.as("key-backtracks-by-claim"))
                .repartition(Repartitioned.with(Serdes.String(), backtrackSerde).withName(BACKTRACKS_BY_CLAIM))
                .processValues(() -> new LateRecordFilter<>("backtracks", graceMillis, events),
                        Named.as("drop-late-backtracks"));

        // A backtrack contests an announcement made up to maxLag before it, never one made after it. The
        // left join also reports, once the window and grace have passed, each announcement nothing matched.
        JoinWindows contestWindow = JoinWindows.ofTimeDifferenceAndGrace(settings.maxLag(), settings.grace())
                .before(Duration.ZERO);
        KStream<String, Pairing> pairings = announcements.leftJoin(backtracks, Pairing::new, contestWindow,
                StreamJoined.with(Serdes.String(), announcementSerde, backtrackSerde)
                        .withName(CONTEST_JOIN)
                        .withStoreName(CONTEST_JOIN_STORE)
                        .withLoggingEnabled(CHANGELOG_CONFIG));

        KStream<String, ContestedClaim> contested = pairings
                .filter((claimKey, pairing) -> pairing.isContest(), Named.as("keep-pairs-matching-refers-to"))
                .processValues(() -> new RepeatedPairFilter(REPORTED_PAIRS_STORE),
                        Named.as("drop-repeated-pairs"), REPORTED_PAIRS_STORE)
                .mapValues(pairing -> ContestedClaim.of(claimKeys.of(pairing.announcement()),
                        pairing.announcement(), pairing.backtrack()), Named.as("to-contested-claim"))
                .peek((claimKey, claim) -> events.contested(claim), Named.as("count-contested-claims"));
        contested
                .selectKey((claimKey, claim) -> claim.announcementId(), Named.as("key-claims-by-announcement-id"))
                .to(topics.contestedClaims(), Produced.with(Serdes.String(), JsonSerde.of(ContestedClaim.class))
                        .withName("write-contested-claims"));

        KStream<String, ClaimEvent> stood = pairings
                .filter((claimKey, pairing) -> pairing.backtrack() == null, Named.as("keep-announcements-that-stood"))
                .mapValues(pairing -> ClaimEvent.stood(claimKeys.of(pairing.announcement()), pairing.announcement()),
                        Named.as("claim-stood"));
        announcements
                .mapValues(a -> ClaimEvent.opened(claimKeys.of(a), a), Named.as("claim-opened"))
                .merge(contested.mapValues(ClaimEvent::contested, Named.as("claim-contested")),
                        Named.as("merge-opened-and-contested"))
                .merge(stood, Named.as("merge-claim-events"))
                .process(() -> new ClaimStatusUpdater(events), Named.as("update-claim-status"),
                        CLAIM_STATUS_STORE, CONTESTED_INDEX_STORE)
                .to(topics.claimStatus(), Produced.with(Serdes.String(), JsonSerde.of(ClaimStatus.class))
                        .withName("write-claim-status"));

        return builder.build(streamsConfig);
    }

    /**
     * The Streams settings this topology relies on: bad records go to the dead-letter topic with the
     * reason instead of stopping the application, and generated names are refused.
     */
    public static Map<String, String> requiredStreamsConfig(TopicNames topics) {
        return Map.of(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters(),
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName(),
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName(),
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true",
                StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    }

    /** A repeat of a pair can arrive while either record can still join: the join window plus grace. */
    static Duration reportedPairsRetention(TopologySettings settings) {
        return settings.maxLag().plus(settings.grace()).plus(settings.grace());
    }
}
