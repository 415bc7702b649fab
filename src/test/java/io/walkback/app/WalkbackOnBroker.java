package io.walkback.app;

import static org.awaitility.Awaitility.await;

import io.walkback.app.broker.EmbeddedKafkaBroker;
import io.walkback.app.broker.TempDirectory;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.replay.Feed;
import io.walkback.replay.Progress;
import io.walkback.replay.ReplaySummary;
import io.walkback.replay.Replayer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Runs Walkback for real on an embedded broker: each scenario gets its own topics, application id and
 * state directory, so scenarios sharing one broker cannot see each other's data.
 */
final class WalkbackOnBroker implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofMinutes(3);

    private final EmbeddedKafkaBroker broker;
    private final List<Path> stateDirs = new ArrayList<>();

    WalkbackOnBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** A config for scenario {@code name}: its own topics, group and state, tuned to commit often. */
    WalkbackConfig config(String name, Map<String, String> overrides) throws Exception {
        Path stateDir = Files.createTempDirectory("walkback-it-" + name + "-");
        stateDirs.add(stateDir);
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("application.id", "walkback-" + name);
        settings.put("state.dir", stateDir.toString());
        settings.put("commit.interval.ms", "200");
        settings.put(WalkbackConfig.HTTP_PORT, "0");
        // The broker scenarios check delivery, state and recovery, so they match exactly (the first round's claims,
        // no model to load); similarity matching on a broker is checked where a scenario asks for it.
        settings.put(WalkbackConfig.MATCH, "exact");
        settings.put(WalkbackConfig.ANNOUNCEMENTS_TOPIC, name + ".announcements");
        settings.put(WalkbackConfig.BACKTRACKS_TOPIC, name + ".backtracks");
        settings.put(WalkbackConfig.CONTESTED_CLAIMS_TOPIC, name + ".contested-claims");
        settings.put(WalkbackConfig.CLAIM_STATUS_TOPIC, name + ".claim-status");
        settings.put(WalkbackConfig.DEAD_LETTERS_TOPIC, name + ".dead-letters");
        settings.putAll(overrides);
        return WalkbackConfig.load(WalkbackConfig.DEFAULT_FILE, settings);
    }

    ReplaySummary replay(WalkbackConfig config, Feed feed) {
        return Replayer.replay(config.clientProperties(), config.topics(), config.inputKeys(), config.maxAheadOfNow(), feed, 0,
                Progress.silent());
    }

    /**
     * Starts the processor, waits until it has committed everything in its inputs and holds no backtrack waiting for
     * its verdict, and closes it.
     */
    void processUntilCaughtUp(WalkbackConfig config) throws Exception {
        try (WalkbackService service = WalkbackService.start(config, claim -> { });
             GroupLag lag = new GroupLag(config)) {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                    .until(() -> service.processor().state().isRunningOrRebalancing() && lag.total() == 0
                            && service.verdictsWaiting() == 0);
        }
    }

    /** The service's own {@code /metrics}, in Prometheus text format. */
    static String scrape(WalkbackService service) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.metricsUrl())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    List<ContestedClaim> contestedClaims(WalkbackConfig config) {
        return readAll(config, config.topics().contestedClaims().name(), config.topics().contestedClaims().valueSerde().deserializer(),
                ConsumerRecord::value);
    }

    /** Every status change on the claim-status topic, in the order written per announcement. */
    List<ClaimStatus> claimStatusChanges(WalkbackConfig config) {
        return readAll(config, config.topics().claimStatus().name(), config.topics().claimStatus().valueSerde().deserializer(),
                ConsumerRecord::value);
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters(WalkbackConfig config) {
        return readAll(config, config.topics().deadLetters().name(), new ByteArrayDeserializer(), Function.identity());
    }

    /**
     * Everything committed in {@code topic}, read as a read_committed consumer would, once every transaction
     * written so far is decided. The target is the log end (high watermark), not the last stable offset: a
     * transaction still open when reading starts (a producer fenced by a restart is aborted only after its
     * transaction timeout) would otherwise hide every committed record behind it.
     */
    private <V, T> List<T> readAll(WalkbackConfig config, String topic, Deserializer<V> values,
                                   Function<ConsumerRecord<byte[], V>, T> map) {
        Properties props = config.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<TopicPartition, Long> ends = logEnds(config, topic);
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<byte[], V> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values)) {
            List<TopicPartition> partitions = List.copyOf(ends.keySet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within " + DEADLINE
                            + " (log ends " + ends + ", last stable offsets " + consumer.endOffsets(partitions)
                            + "): a transaction is still open");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> out.add(map.apply(record)));
            }
        }
        return out;
    }

    private static Map<TopicPartition, Long> logEnds(WalkbackConfig config, String topic) {
        Properties props = config.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions);
        }
    }

    @Override
    public void close() {
        stateDirs.forEach(TempDirectory::delete);
    }
}
