package io.walkback.topology;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.ClaimKeys;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.InputKeys;
import io.walkback.contract.JsonSerde;
import io.walkback.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around Walkback's topology, speaking in announcements, backtracks and raw bytes. */
final class ContestDriver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<byte[], byte[]> announcements;
    private final TestInputTopic<byte[], byte[]> backtracks;
    private final TestOutputTopic<String, ContestedClaim> contestedClaims;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<String, ClaimStatus> claimStatus;
    private final JsonSerde<Announcement> announcementSerde = JsonSerde.of(Announcement.class);
    private final JsonSerde<Backtrack> backtrackSerde = JsonSerde.of(Backtrack.class);
    /** How records are keyed: by matching block when the settings say inputs are, otherwise by id. */
    private final InputKeys inputKeys;

    ContestDriver(TopologySettings settings) {
        this(settings, TopologyEvents.NONE);
    }

    ContestDriver(TopologySettings settings, TopologyEvents events) {
        try {
            stateDir = Files.createTempDirectory("walkback-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "walkback-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(WalkbackTopology.requiredStreamsConfig(settings.topics()));
        driver = new TopologyTestDriver(WalkbackTopology.build(settings, props, events), props);
        inputKeys = settings.inputsKeyedByBlock()
                ? new InputKeys(new ClaimKeys(settings.topicAliases()), settings.matching().bySimilarity()) : null;
        Topics topics = settings.topics();
        announcements = driver.createInputTopic(topics.announcements().name(), new ByteArraySerializer(), new ByteArraySerializer());
        backtracks = driver.createInputTopic(topics.backtracks().name(), new ByteArraySerializer(), new ByteArraySerializer());
        contestedClaims = driver.createOutputTopic(topics.contestedClaims().name(),
                topics.contestedClaims().keySerde().deserializer(), topics.contestedClaims().valueSerde().deserializer());
        claimStatus = driver.createOutputTopic(topics.claimStatus().name(),
                topics.claimStatus().keySerde().deserializer(), topics.claimStatus().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static ContestDriver withDefaults() {
        return new ContestDriver(TopologySettings.defaults());
    }

    ContestDriver announce(Announcement... all) {
        for (Announcement announcement : all) {
            String key = inputKeys != null ? inputKeys.of(announcement) : announcement.id();
            announcements.pipeInput(key.getBytes(StandardCharsets.UTF_8), announcementSerde.write(announcement));
        }
        return this;
    }

    ContestDriver report(Backtrack... all) {
        for (Backtrack backtrack : all) {
            String key = inputKeys != null ? inputKeys.of(backtrack) : backtrack.id();
            backtracks.pipeInput(key.getBytes(StandardCharsets.UTF_8), backtrackSerde.write(backtrack));
        }
        return this;
    }

    /** An announcement under a key of the caller's choosing. */
    ContestDriver announceKeyed(String key, Announcement announcement) {
        announcements.pipeInput(key.getBytes(StandardCharsets.UTF_8), announcementSerde.write(announcement));
        return this;
    }

    ContestDriver rawAnnouncement(byte[] value) {
        announcements.pipeInput((byte[]) null, value);
        return this;
    }

    ContestDriver rawBacktrack(byte[] value) {
        backtracks.pipeInput((byte[]) null, value);
        return this;
    }

    /**
     * Lets the wall clock pass {@link WalkbackTopology#VERDICT_SETTLE} twice over, as a quiet live feed would: in
     * similarity matching a backtrack's verdict waits for a later record or for this.
     */
    ContestDriver settle() {
        driver.advanceWallClockTime(WalkbackTopology.VERDICT_SETTLE.multipliedBy(2));
        return this;
    }

    List<ContestedClaim> contestedClaims() {
        return contestedClaims.readValuesToList();
    }

    List<TestRecord<String, ContestedClaim>> contestedClaimRecords() {
        return contestedClaims.readRecordsToList();
    }

    /** The latest status per announcement id written so far. */
    java.util.Map<String, ClaimStatus> claimStatus() {
        return claimStatus.readKeyValuesToMap();
    }

    ClaimStatus statusInStore(String announcementId) {
        org.apache.kafka.streams.state.KeyValueStore<String, byte[]> store =
                driver.getKeyValueStore(StateNames.CLAIM_STATUS_STORE);
        byte[] json = store.get(announcementId);
        return json == null ? null : JsonSerde.of(ClaimStatus.class).read(json);
    }

    /** The contested-claims index, in its order (newest contest first): announcement ids. */
    List<String> contestedIndex() {
        org.apache.kafka.streams.state.KeyValueStore<String, String> index =
                driver.getKeyValueStore(StateNames.CONTESTED_INDEX_STORE);
        List<String> ids = new java.util.ArrayList<>();
        try (var all = index.all()) {
            all.forEachRemaining(entry -> ids.add(entry.value));
        }
        return ids;
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    double metric(String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
