package io.walkback.app.evaluate;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Topics;
import io.walkback.replay.Feed;
import io.walkback.replay.FeedEntry;
import io.walkback.topology.TopologySettings;
import io.walkback.topology.WalkbackTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Runs Walkback's topology over a feed in this JVM, with Kafka's TopologyTestDriver (no broker): the records go
 * in event-time order, as {@code replay} sends them, and the contested claims come back.
 */
public final class InProcessRun {

    private InProcessRun() {
    }

    public static List<ContestedClaim> contestedClaims(TopologySettings settings, Feed feed) {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("walkback-evaluate");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory: " + e.getMessage(), e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "walkback-evaluate");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "in-process:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(WalkbackTopology.requiredStreamsConfig(settings.topics()));
        Topics topics = settings.topics();
        try (TopologyTestDriver driver = new TopologyTestDriver(WalkbackTopology.build(settings, props), props)) {
            TestInputTopic<String, Announcement> announcements = driver.createInputTopic(topics.announcements().name(),
                    topics.announcements().keySerde().serializer(), topics.announcements().valueSerde().serializer());
            TestInputTopic<String, Backtrack> backtracks = driver.createInputTopic(topics.backtracks().name(),
                    topics.backtracks().keySerde().serializer(), topics.backtracks().valueSerde().serializer());
            List<FeedEntry> inOrder = feed.entries().stream()
                    .sorted(Comparator.comparing(FeedEntry::eventTime)).toList();
            for (FeedEntry entry : inOrder) {
                if (entry.isAnnouncement()) {
                    announcements.pipeInput(entry.id(), entry.announcement());
                } else {
                    backtracks.pipeInput(entry.id(), entry.backtrack());
                }
            }
            // Verdicts on the last backtracks wait for stream time to pass them, or for the wall clock to settle.
            driver.advanceWallClockTime(WalkbackTopology.VERDICT_SETTLE.multipliedBy(2));
            return driver.createOutputTopic(topics.contestedClaims().name(), topics.contestedClaims().keySerde().deserializer(),
                    topics.contestedClaims().valueSerde().deserializer()).readValuesToList();
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
