package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimStatus;
import io.walkback.model.ContestedClaim;
import io.walkback.serde.JsonSerde;
import java.time.Duration;
import java.util.List;
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
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Walkback's topology. Announcements and backtracks are merged and sent to their matching blocks
 * ({@link MatchBlocks}) through one repartition topic; there {@link ContestMatcher} pairs each backtrack with the
 * announcements of its block made up to max lag before it, and reports each window's closing. Contested claims go out keyed by announcement id;
 * the changes go, keyed by announcement id, through a second repartition topic to {@link ClaimStatusUpdater},
 * which keeps every announcement's status (open, contested, stood) in a queryable store and writes it to the
 * compacted claim-status topic.
 *
 * <p>Every processor, store and internal topic carries a fixed name (see the constants), so a running
 * application can be upgraded without losing state. Changing a name is a breaking change.
 */
public final class WalkbackTopology {

    // State format 2 (the match object, blocks by party, statuses assembled from copies): every name that held
    // format 1 changed, so a processor from before starts from its input topics (README, "Upgrading").
    public static final String INPUTS_BY_BLOCK = "inputs-by-block";
    public static final String CHANGES_BY_ANNOUNCEMENT = "claim-changes-by-announcement";
    public static final String OPEN_CLAIMS_STORE = "open-claims-v2-store";
    public static final String BACKTRACKS_STORE = "backtracks-v2-store";
    public static final String CLAIM_STATUS_STORE = "claim-status-v2-store";
    public static final String CONTESTED_INDEX_STORE = "contested-index-v2-store";
    public static final String CLOSINGS_STORE = "claim-closings-v2-store";

    /** The repartition topics of application {@code applicationId}, as Kafka Streams names them. */
    public static List<String> repartitionTopics(String applicationId) {
        return List.of(applicationId + "-" + INPUTS_BY_BLOCK + "-repartition",
                applicationId + "-" + CHANGES_BY_ANNOUNCEMENT + "-repartition");
    }

    /** The suffix of the repartition topic whose partitions hold the claim-status stores. */
    public static String statusPartitionsTopicSuffix() {
        return "-" + CHANGES_BY_ANNOUNCEMENT + "-repartition";
    }

    /**
     * In similarity matching, how long a matcher task must have been idle, on the wall clock, before the backtracks
     * still waiting for stream time to pass them are judged with what is held (see {@link ContestMatcher}): a quiet
     * live feed still shows its contests within about this long. The wait adds {@code max.task.idle.ms}, the longest
     * the task upstream may hold records back while one input catches up, so that a replay in full flow is never
     * judged early. Drivers without a real clock (and no {@code max.task.idle.ms}) advance theirs by twice this.
     */
    public static final Duration VERDICT_SETTLE = Duration.ofSeconds(2);

    static Duration verdictSettle(Properties streamsConfig) {
        Object idle = streamsConfig.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
        long idleMs = idle == null ? 0 : Math.max(0, Long.parseLong(idle.toString().trim()));
        return VERDICT_SETTLE.plusMillis(idleMs);
    }

    /** How long the open-claims store holds a status past its window's close. */
    private static final Duration CLOSING_READ_MARGIN = Duration.ofMinutes(1);

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
        MatchBlocks blocks = new MatchBlocks(claimKeys, settings.matching());
        EventTimeBounds bounds = settings.timeBounds();

        // Input serdes also check event-time plausibility; the internal topic holds records already checked.
        Serde<Announcement> incomingAnnouncements = Serdes.serdeFrom(JsonSerde.of(Announcement.class).serializer(),
                new CountingDeserializer<>("announcements", JsonSerde.of(Announcement.class,
                        a -> bounds.check("announcedAt", a.announcedAt())).deserializer(), events));
        Serde<Backtrack> incomingBacktracks = Serdes.serdeFrom(JsonSerde.of(Backtrack.class).serializer(),
                new CountingDeserializer<>("backtracks", JsonSerde.of(Backtrack.class,
                        b -> bounds.check("reportedAt", b.reportedAt())).deserializer(), events));

        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(streamsConfig)));
        Duration held = settings.maxLag().plus(settings.grace());
        // One entry per announcement (claim key and id), updated in place on each contest. Held a minute
        // past its window: the closing is reported before the store sees any later record, and that last
        // read must not fall on the retention boundary.
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(OPEN_CLAIMS_STORE, held.plus(CLOSING_READ_MARGIN), Duration.ofMillis(1),
                        false),
                Serdes.String(), JsonSerde.of(OpenClaim.class)).withLoggingEnabled(CHANGELOG_CONFIG));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(BACKTRACKS_STORE, held, Duration.ofMillis(1), false),
                Serdes.String(), JsonSerde.of(HeldBacktrack.class)).withLoggingEnabled(CHANGELOG_CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLAIM_STATUS_STORE),
                Serdes.String(), JsonSerde.of(ClaimStatus.class)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONTESTED_INDEX_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CLOSINGS_STORE),
                Serdes.String(), Serdes.Integer()));

        KStream<byte[], ClaimInput> announcements = builder
                .stream(topics.announcements(), Consumed.with(Serdes.ByteArray(), incomingAnnouncements)
                        .withTimestampExtractor((record, partitionTime) ->
                                ((Announcement) record.value()).announcedAt().toEpochMilli())
                        .withName("read-announcements"))
                .mapValues(ClaimInput::of, Named.as("wrap-announcements"));
        KStream<byte[], ClaimInput> backtracks = builder
                .stream(topics.backtracks(), Consumed.with(Serdes.ByteArray(), incomingBacktracks)
                        .withTimestampExtractor((record, partitionTime) ->
                                ((Backtrack) record.value()).reportedAt().toEpochMilli())
                        .withName("read-backtracks"))
                .mapValues(ClaimInput::of, Named.as("wrap-backtracks"));

        KStream<String, ClaimChange> changes = announcements
                .merge(backtracks, Named.as("merge-inputs"))
                .flatMap(blocks::copiesOf, Named.as("send-inputs-to-blocks"))
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(ClaimInput.class))
                        .withName(INPUTS_BY_BLOCK))
                .process(() -> new ContestMatcher(claimKeys, settings, verdictSettle(streamsConfig), events),
                        Named.as("match-contests"),
                        OPEN_CLAIMS_STORE, BACKTRACKS_STORE);

        changes
                .filter((id, change) -> change.kind() == ClaimChange.Kind.CONTESTED, Named.as("keep-contests"))
                .mapValues(ClaimChange::contest, Named.as("to-contested-claim"))
                .peek((id, claim) -> events.contested(claim), Named.as("count-contested-claims"))
                .to(topics.contestedClaims(), Produced.with(Serdes.String(), JsonSerde.of(ContestedClaim.class))
                        .withName("write-contested-claims"));
        changes
                .repartition(Repartitioned.with(Serdes.String(), JsonSerde.of(ClaimChange.class))
                        .withName(CHANGES_BY_ANNOUNCEMENT))
                .process(() -> new ClaimStatusUpdater(events), Named.as("update-claim-status"),
                        CLAIM_STATUS_STORE, CONTESTED_INDEX_STORE, CLOSINGS_STORE)
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
}
