package io.walkback.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.app.broker.TempDirectory;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.InputKeys;
import io.walkback.contract.Topics;
import io.walkback.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;

/**
 * Phase 1: one topology over the prepared feed, in this JVM, no broker ({@link TestDriverRun}). The processing
 * guarantee does not apply without a broker; the topology runs at least once. Stores are in memory here (Kafka's
 * {@code dsl.store.suppliers.class}, which Walkback's stores follow), because the test driver commits, and so
 * flushes every store, after each record; RocksDB's cost shows in the end-to-end phase.
 */
final class TopologyBench {

    private TopologyBench() {
    }

    static ObjectNode run(Variant variant, List<FeedSpec.Prepared> feed, Map<String, String> overrides, boolean ownJvm)
            throws Exception {
        ObjectNode result = runWith(variant::topology, variant.label, feed, overrides, ownJvm);
        if (variant == Variant.WALKBACK) {
            result.put("contestedClaims", result.get("recordsWrittenByTopic").path(
                    WalkbackConfig.of(overrides).topics().contestedClaims().name()).asLong());
        }
        return result;
    }

    /** Runs any topology built from Walkback's settings (the variants, or an experiment) over the feed. */
    static ObjectNode runWith(BiFunction<TopologySettings, Properties, Topology> topologyOf, String label,
                              List<FeedSpec.Prepared> feed, Map<String, String> overrides, boolean ownJvm)
            throws Exception {
        Path stateDir = Files.createTempDirectory("walkback-bench-topology-");
        try {
            Map<String, String> settings = new java.util.HashMap<>(overrides);
            settings.put("application.id", "bench-topology-" + label);
            settings.put("state.dir", stateDir.toString());
            settings.put("bootstrap.servers", "unused:9092");
            settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            // Records are fed in event-time order and every input is local: nothing to wait for.
            settings.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "0");
            settings.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                    BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class.getName());
            WalkbackConfig config = WalkbackConfig.of(settings);
            Properties props = config.streamsProperties();
            TopologySettings topology = config.topologySettings();
            Topics topics = topology.topics();
            // The prepared records carry exact matching's input keys; similarity matching keys every record alike.
            byte[] similarityKey = config.matchMode() != io.walkback.topology.matching.MatchMode.EXACT
                    ? InputKeys.SIMILARITY_KEY.getBytes(StandardCharsets.UTF_8) : null;
            long bytesIn = 0;
            long started;
            long finished;
            Map<String, Long> written;
            long commits;
            try (TestDriverRun driver = new TestDriverRun(topologyOf.apply(topology, props), props)) {
                started = System.nanoTime();
                for (FeedSpec.Prepared record : feed) {
                    driver.pipe(record.announcement() ? topics.announcements().name() : topics.backtracks().name(), similarityKey != null ? similarityKey : record.key(), record.value(), record.timestamp());
                    bytesIn += record.value().length;
                }
                driver.settle();
                finished = System.nanoTime();
                written = driver.written();
                commits = driver.commits();
            }
            double seconds = (finished - started) / 1e9;
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("variant", label);
            result.put("records", feed.size());
            result.put("seconds", seconds);
            result.put("recordsPerSecond", feed.size() / seconds);
            result.put("inputMegabytesPerSecond", bytesIn / seconds / 1e6);
            result.put("commits", commits);
            long total = written.values().stream().mapToLong(Long::longValue).sum();
            result.put("recordsWrittenPerInputRecord", (double) total / feed.size());
            ObjectNode perTopic = result.putObject("recordsWrittenByTopic");
            String prefix = config.get("application.id") + "-";
            written.forEach((topic, count) -> perTopic.put(topic.startsWith(prefix) ? topic.substring(prefix.length())
                    : topic, count));
            if (ownJvm) {
                result.put("peakRssBytes", Machine.peakRssBytes());
            } else {
                result.putNull("peakRssBytes");
            }
            return result;
        } finally {
            TempDirectory.delete(stateDir);
        }
    }
}
