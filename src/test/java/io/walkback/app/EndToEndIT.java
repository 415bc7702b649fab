package io.walkback.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.config.ConfigProblem;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Match;
import io.walkback.replay.Feed;
import io.walkback.replay.JsonLinesFeed;
import io.walkback.replay.ReplaySummary;
import io.walkback.replay.SyntheticFeed;
import io.walkback.topology.ReferenceRun;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("On a real broker, Walkback finds exactly the contested claims the topology defines")
@ExtendWith(SharedBroker.class)
class EndToEndIT {

    private static EmbeddedKafkaBroker broker;
    private WalkbackOnBroker walkback;

    @BeforeAll
    static void useSharedBroker(EmbeddedKafkaBroker shared) {
        broker = shared;
    }

    @BeforeEach
    void setUp() {
        walkback = new WalkbackOnBroker(broker);
    }

    @AfterEach
    void tearDown() {
        walkback.close();
    }

    @Test
    @DisplayName("The bundled sample feed, matched by meaning (the default mode), yields the same contested claims as "
            + "the TopologyTestDriver: the seed case by reference and walk-backs worded differently by similarity")
    void sampleFeed() throws Exception {
        WalkbackConfig config = walkback.config("sample", Map.of(WalkbackConfig.MATCH, "semantic"));
        TopicSetup.ensureTopics(config);
        Feed feed = WalkbackCli.bundledSample();

        ReplaySummary summary = walkback.replay(config, feed);
        walkback.processUntilCaughtUp(config);

        assertThat(summary.allAccepted()).isTrue();
        assertThat(summary.sent()).isEqualTo(feed.entries().size());
        List<ContestedClaim> claims = walkback.contestedClaims(config);
        assertThat(pairsWithLag(claims))
                .isEqualTo(pairsWithLag(ReferenceRun.contestedClaims(config.topologySettings(), feed)))
                .contains("ann-2014-10-14-kerry-isis-intel>bt-2014-10-16-lavrov-isis-intel@"
                        + Duration.parse("PT42H15M").toMillis());
        assertThat(claims).hasSize(pairsWithLag(claims).size());
        assertThat(claims).filteredOn(claim -> claim.backtrackId().equals("bt-2020-01-12-esper-no-specific-evidence"))
                .singleElement().satisfies(claim -> {
                    assertThat(claim.announcementId()).isEqualTo("ann-2020-01-11-trump-four-embassies");
                    assertThat(claim.match().method()).isEqualTo(Match.SIMILARITY);
                    assertThat(claim.match().score()).isBetween(0.27, 1.0);
                    assertThat(claim.match().terms()).contains("embassi");
                });
    }

    @Test
    @DisplayName("Matched by similarity, a replay is deterministic too: replay puts it on one input partition, so each "
            + "party block has one writer and nothing arrives late")
    void similarityReplayIsDeterministic() throws Exception {
        Feed feed = SyntheticFeed.generate(4_000, 0.6, Instant.parse("2015-01-01T00:00:00Z"),
                Duration.ofDays(365), Duration.ofDays(30), 11);
        WalkbackConfig config = walkback.config("similarity-determinism", Map.of(WalkbackConfig.MATCH, "lexical",
                "consumer.max.poll.records", "100", "consumer.max.partition.fetch.bytes", "16384"));
        TopicSetup.ensureTopics(config);
        assertThat(walkback.replay(config, feed).sent()).isEqualTo(4_000);

        walkback.processUntilCaughtUp(config);
        Set<String> expected = pairsWithLag(ReferenceRun.contestedClaims(config.topologySettings(), feed));
        assertThat(expected).hasSizeGreaterThan(1_000);
        assertThat(pairsWithLag(walkback.contestedClaims(config))).isEqualTo(expected);
    }

    @Test
    @DisplayName("20,000 records over two years, produced before the processor starts and read in small batches: "
            + "identical to the TopologyTestDriver, again with a new application id, and again reading inputs keyed by block")
    void replayIsDeterministic() throws Exception {
        Feed feed = SyntheticFeed.generate(20_000, 0.6, Instant.parse("2015-01-01T00:00:00Z"),
                Duration.ofDays(730), Duration.ofDays(30), 7);
        // Small fetches make both topics arrive in many batches, at different speeds.
        Map<String, String> smallBatches = Map.of("consumer.max.poll.records", "100",
                "consumer.max.partition.fetch.bytes", "16384");
        WalkbackConfig first = walkback.config("determinism", smallBatches);
        TopicSetup.ensureTopics(first);
        ReplaySummary summary = walkback.replay(first, feed);
        assertThat(summary.sent()).isEqualTo(20_000);

        walkback.processUntilCaughtUp(first);
        Set<String> expected = pairsWithLag(ReferenceRun.contestedClaims(first.topologySettings(), feed));
        List<ContestedClaim> claims = walkback.contestedClaims(first);
        assertThat(expected).hasSizeGreaterThan(5_000);
        assertThat(claims).hasSize(expected.size());
        assertThat(pairsWithLag(claims)).isEqualTo(expected);

        // Same topics, new application id: the analyst's way to replay again from the beginning.
        WalkbackConfig again = first.with(Map.of("application.id", "walkback-determinism-again",
                WalkbackConfig.CONTESTED_CLAIMS_TOPIC, "determinism-again.contested-claims"));
        TopicSetup.ensureTopics(again);
        walkback.processUntilCaughtUp(again);
        assertThat(pairsWithLag(walkback.contestedClaims(again))).isEqualTo(expected);

        // The replay keyed every record by its block, so the matcher can read the input topics without a repartition.
        WalkbackConfig keyed = first.with(Map.of("application.id", "walkback-determinism-keyed",
                WalkbackConfig.CONTESTED_CLAIMS_TOPIC, "determinism-keyed.contested-claims",
                WalkbackConfig.INPUTS_KEYED_BY_BLOCK, "true"));
        TopicSetup.ensureTopics(keyed);
        walkback.processUntilCaughtUp(keyed);
        assertThat(pairsWithLag(walkback.contestedClaims(keyed))).isEqualTo(expected);
        assertThat(walkback.deadLetters(keyed)).isEmpty();
    }

    @Test
    @DisplayName("Inputs keyed by block with unequal partition counts: start-up refuses, naming the setting and both counts")
    void keyedInputsNeedEqualPartitions() throws Exception {
        WalkbackConfig config = walkback.config("unequal", Map.of(WalkbackConfig.INPUTS_KEYED_BY_BLOCK, "true"));
        try (Admin admin = Admin.create(config.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(config.topics().announcements().name(), 4, (short) 1),
                    new NewTopic(config.topics().backtracks().name(), 2, (short) 1))).all().get();
        }
        assertThatThrownBy(() -> TopicSetup.checkKeyedInputs(config))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("walkback.inputs.keyed-by-block=true: expected unequal.announcements and unequal.backtracks "
                        + "to have the same partition count, got 4 and 2 (set it to false to repartition the inputs instead)");
        // Without the promise, unequal counts are fine: the repartition topic brings the blocks together.
        TopicSetup.checkKeyedInputs(config.with(Map.of(WalkbackConfig.INPUTS_KEYED_BY_BLOCK, "false")));
    }

    @Test
    @DisplayName("Malformed records reach the dead-letter topic with their reason and source, and good ones still match")
    void deadLettersOnTheBroker() throws Exception {
        WalkbackConfig config = walkback.config("deadletters", Map.of());
        TopicSetup.ensureTopics(config);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config.clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(config.topics().announcements().name(), "{not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(config.topics().backtracks().name(),
                    "{\"id\":\"b\",\"reportedAt\":\"2014-10-16T00:00:00Z\",\"actor\":\"RUS\",\"topic\":\"t\"}"
                            .getBytes(StandardCharsets.UTF_8))).get();
        }
        walkback.replay(config, WalkbackCli.bundledSample());
        walkback.processUntilCaughtUp(config);

        List<ConsumerRecord<byte[], byte[]>> deadLetters = walkback.deadLetters(config);
        assertThat(deadLetters).extracting(r -> header(r, "__streams.errors.topic") + ": " + header(r, "__streams.errors.message"))
                .containsExactlyInAnyOrder(
                        "deadletters.announcements: Announcement rejected: Unexpected character ('n' (code 110)): "
                                + "was expecting double-quote to start field name (at byte 1)",
                        "deadletters.backtracks: Backtrack rejected: missing required field 'statement'");
        assertThat(deadLetters).filteredOn(r -> header(r, "__streams.errors.topic").endsWith(".announcements"))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("{not json");
        assertThat(walkback.contestedClaims(config)).hasSize(16);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Set<String> pairsWithLag(List<ContestedClaim> claims) {
        return claims.stream().map(c -> c.announcementId() + ">" + c.backtrackId() + "@" + c.lagMillis())
                .collect(Collectors.toSet());
    }

}
