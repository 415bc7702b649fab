package io.walkback.topology;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.ClaimKeys;
import io.walkback.contract.JsonSerde;
import io.walkback.contract.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.DslStoreFormat;
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
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Walkback's topology. Announcements and backtracks are merged and sent to their matching blocks
 * ({@link MatchBlocks}), through one repartition topic unless producers already key them by block
 * ({@link InputKeys}); there {@link ContestMatcher} pairs each backtrack with the announcements of its block made up
 * to max lag before it, and reports each window's closing. Contested claims go out keyed by announcement id. An
 * announcement held in one block (every one in exact matching) is known whole there, so its status goes straight
 * to the compacted claim-status topic; the changes of one held in several blocks go, keyed by announcement id,
 * through a second repartition topic to {@link ClaimMerger}, which writes the merged status there. The claim-status
 * topic is read back into a queryable store ({@link StatusKeeper}) with the topic itself as the store's changelog.
 *
 * <p>Every processor, store and internal topic carries a fixed name ({@link StateNames}), so a running application
 * can be upgraded without losing state. Changing a name is a breaking change. Internal topics and stores hold
 * records in {@link BinarySerde}'s encoding; the external topics hold the JSON contract.
 */
public final class WalkbackTopology {

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
     *                      {@code max.task.idle.ms}, explicit-naming enforcement and {@code dsl.store.suppliers.class})
     *                      are taken from them
     * @param events        told of reads, dead letters, late drops and results, for metrics
     */
    public static Topology build(TopologySettings settings, Properties streamsConfig, TopologyEvents events) {
        Topics topics = settings.topics();
        ClaimKeys claimKeys = new ClaimKeys(settings.topicAliases());
        MatchBlocks blocks = new MatchBlocks(claimKeys, settings.matching(), settings.inputsKeyedByBlock(), events);
        EventTimeBounds bounds = settings.timeBounds();

        // The contract's input serdes, reading with an event-time plausibility check (it depends on this processor's
        // clock and settings); internal topics hold records already checked.
        Serde<Announcement> incomingAnnouncements = Serdes.serdeFrom(topics.announcements().valueSerde().serializer(),
                new CountingDeserializer<>("announcements", JsonSerde.of(Announcement.class,
                        a -> bounds.check("announcedAt", a.announcedAt())).deserializer(), events));
        Serde<Backtrack> incomingBacktracks = Serdes.serdeFrom(topics.backtracks().valueSerde().serializer(),
                new CountingDeserializer<>("backtracks", JsonSerde.of(Backtrack.class,
                        b -> bounds.check("reportedAt", b.reportedAt())).deserializer(), events));

        TopologyConfig topologyConfig = new TopologyConfig(new StreamsConfig(streamsConfig));
        StreamsBuilder builder = new StreamsBuilder(topologyConfig);
        // Stores come from Kafka's dsl.store.suppliers.class (RocksDB unless configured otherwise), as the DSL's do.
        DslStoreSuppliers stores = topologyConfig.resolveDslStoreSuppliers()
                .orElseGet(BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers::new);
        // Matcher state is written on every change and never read while processing (see ContestMatcher). Uncached: the
        // record cache would fold a put and a delete within one commit into one tombstone, but cost more than it saved.
        // The merge store is read on every change, so it is cached.
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(keyValueParams(StateNames.OPEN_CLAIMS_STORE)),
                Serdes.String(), BinarySerde.of(OpenClaim.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(keyValueParams(StateNames.BACKTRACKS_STORE)),
                Serdes.String(), BinarySerde.of(HeldBacktrack.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(keyValueParams(StateNames.MERGES_STORE)),
                Serdes.String(), BinarySerde.of(ClaimMerger.Merging.class)).withCachingEnabled());

        KStream<String, ClaimInput> announcements = builder
                .stream(topics.announcements().name(), Consumed.with(topics.announcements().keySerde(), incomingAnnouncements)
                        .withTimestampExtractor((record, partitionTime) ->
                                ((Announcement) record.value()).announcedAt().toEpochMilli())
                        .withName("read-announcements"))
                .mapValues(ClaimInput::of, Named.as("wrap-announcements"));
        KStream<String, ClaimInput> backtracks = builder
                .stream(topics.backtracks().name(), Consumed.with(topics.backtracks().keySerde(), incomingBacktracks)
                        .withTimestampExtractor((record, partitionTime) ->
                                ((Backtrack) record.value()).reportedAt().toEpochMilli())
                        .withName("read-backtracks"))
                .mapValues(ClaimInput::of, Named.as("wrap-backtracks"));

        KStream<String, ClaimInput> inBlocks = announcements
                .merge(backtracks, Named.as("merge-inputs"))
                .flatMap(blocks::copiesOf, Named.as("send-inputs-to-blocks"));
        if (!settings.inputsKeyedByBlock()) {
            inBlocks = inBlocks.repartition(Repartitioned.with(Serdes.String(), BinarySerde.of(ClaimInput.class))
                    .withName(StateNames.INPUTS_BY_BLOCK));
        }
        KStream<String, ClaimChange> changes = inBlocks
                .process(() -> new ContestMatcher(claimKeys, settings, verdictSettle(streamsConfig), events),
                        Named.as("match-contests"), StateNames.OPEN_CLAIMS_STORE, StateNames.BACKTRACKS_STORE);

        changes
                .filter((id, change) -> change.kind() == ClaimChange.Kind.CONTESTED, Named.as("keep-contests"))
                .mapValues(ClaimChange::contest, Named.as("to-contested-claim"))
                .peek((id, claim) -> events.contested(claim), Named.as("count-contested-claims"))
                .to(topics.contestedClaims().name(), Produced.with(topics.contestedClaims().keySerde(),
                        topics.contestedClaims().valueSerde()).withName("write-contested-claims"));
        changes
                .filter((id, change) -> change.whole(), Named.as("keep-whole-statuses"))
                .mapValues(ClaimChange::status, Named.as("to-claim-status"))
                .to(topics.claimStatus().name(), Produced.with(topics.claimStatus().keySerde(), topics.claimStatus().valueSerde())
                        .withName("write-claim-status"));
        changes
                .filter((id, change) -> !change.whole(), Named.as("keep-changes-to-merge"))
                .repartition(Repartitioned.with(Serdes.String(), BinarySerde.of(ClaimChange.class))
                        .withName(StateNames.CHANGES_TO_MERGE))
                .process(() -> new ClaimMerger(events), Named.as("merge-claim-changes"), StateNames.MERGES_STORE)
                .to(topics.claimStatus().name(), Produced.with(topics.claimStatus().keySerde(),
                        topics.claimStatus().valueSerde()).withName("write-merged-claim-status"));

        Topology topology = builder.build(streamsConfig);
        // The claim-status topic, read back: it is the changelog of the store the claims API queries, so each status
        // is written once. The store must not log a changelog of its own (Kafka Streams requires it for this store).
        // Values stay the topic's JSON bytes: the store holds what the topic holds, and a restore copies them as is.
        topology.addReadOnlyStateStore(
                Stores.keyValueStoreBuilder(stores.keyValueStore(keyValueParams(StateNames.CLAIM_STATUS_STORE)),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                "read-claim-status", null, topics.claimStatus().keySerde().deserializer(), Serdes.ByteArray().deserializer(),
                topics.claimStatus().name(), "keep-claim-status",
                () -> new StatusKeeper(settings.maxLag().plus(settings.grace()), settings.statusRetention()));
        topology.addStateStore(Stores.keyValueStoreBuilder(
                stores.keyValueStore(keyValueParams(StateNames.CONTESTED_INDEX_STORE)), Serdes.String(), Serdes.String())
                .withCachingEnabled(), "keep-claim-status");
        topology.addStateStore(Stores.keyValueStoreBuilder(
                stores.keyValueStore(keyValueParams(StateNames.STATUS_EXPIRY_STORE)), Serdes.String(), Serdes.String())
                .withCachingEnabled(), "keep-claim-status");
        return topology;
    }

    private static DslKeyValueParams keyValueParams(String name) {
        return new DslKeyValueParams(name, DslStoreFormat.PLAIN);
    }

    /**
     * The Streams settings this topology relies on: bad records go to the dead-letter topic with the
     * reason instead of stopping the application, and generated names are refused.
     */
    // "deprecation": processing.exception.handler.global.enabled is deprecated because Kafka 5.0 turns it on for
    // good; setting it now gives global processing the same handler, as Kafka's start-up warning recommends.
    @SuppressWarnings("deprecation")
    public static Map<String, String> requiredStreamsConfig(Topics topics) {
        return Map.of(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters().name(),
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName(),
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName(),
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true",
                // Kafka 4.4's partition assignor reads a StreamsConfig from the main consumer's settings and warns at
                // every start unless they carry the key too: a WARN in every healthy run otherwise.
                StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true",
                StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    }
}
