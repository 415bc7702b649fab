package io.walkback.bench;

import io.walkback.topology.WalkbackTopology;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Phase 1's driver: a topology in Kafka's {@link TopologyTestDriver}, through its public API only. The driver
 * processes each record as it is piped in (repartitioned records included) and commits after every record, which
 * flushes every store: the benchmark therefore runs both topologies with in-memory stores in this phase (see
 * {@link TopologyBench}), so that what is measured is the processing, not a RocksDB flush per record.
 *
 * <p>Everything written to any topic (outputs, repartition topics, changelogs) is counted per topic and then
 * discarded every {@link #DRAIN_EVERY} records, so memory does not grow with the feed.
 */
final class TestDriverRun implements AutoCloseable {

    private static final int DRAIN_EVERY = 1_000;

    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
    private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();
    private final Map<String, Long> written = new TreeMap<>();
    private long piped;

    TestDriverRun(Topology topology, Properties props) {
        this.driver = new TopologyTestDriver(topology, props);
    }

    /** Feeds one record into {@code topic}; the driver processes everything it leads to before returning. */
    void pipe(String topic, byte[] key, byte[] value, long timestamp) {
        inputs.computeIfAbsent(topic, name -> driver.createInputTopic(name, new ByteArraySerializer(),
                        new ByteArraySerializer()))
                .pipeInput(new TestRecord<>(key, value, null, timestamp));
        if (++piped % DRAIN_EVERY == 0) {
            drain();
        }
    }

    /**
     * Moves the driver's clock on by twice {@link WalkbackTopology#VERDICT_SETTLE}, as a quiet live feed would, so
     * that the verdicts still waiting at the end of the feed are given.
     */
    void settle() {
        driver.advanceWallClockTime(WalkbackTopology.VERDICT_SETTLE.multipliedBy(2));
        drain();
    }

    /** Counts and discards what was written since the last drain. */
    void drain() {
        for (String topic : driver.producedTopicNames()) {
            TestOutputTopic<byte[], byte[]> output = outputs.computeIfAbsent(topic, name -> driver.createOutputTopic(
                    name, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            long queued = output.getQueueSize();
            if (queued > 0) {
                written.merge(topic, queued, Long::sum);
                output.readRecordsToList();
            }
        }
    }

    /** Records written to each topic so far (after {@link #drain}). */
    Map<String, Long> written() {
        return written;
    }

    /** The driver commits after every record it processes. */
    long commits() {
        return piped;
    }

    @Override
    public void close() {
        driver.close();
    }
}
