package io.walkback.bench;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.internals.StreamTask;

/**
 * Drives a topology's task directly, without a broker, the way a stream thread does: records are
 * processed as they arrive (repartitioned records are fed back in), and the task commits once per
 * commit interval. It is built on Kafka's {@code TopologyTestDriver} (from kafka-streams-test-utils,
 * loaded reflectively: it is not part of the application jar) for the task set-up, but does not use its
 * record piping, which commits after every record: that flushes every RocksDB store's memtable each
 * time and makes a stateful topology look 10-20 times slower than it is. Nor does it use the driver's
 * output capture, which matches every written record's topic against the source patterns and queues
 * it: at seven writes per input record that cost more than some of the processing measured.
 *
 * <p>Everything written to any topic (outputs, repartition topics, changelogs) is counted per topic and
 * then discarded, so memory does not grow with the feed.
 */
final class DirectTopologyDriver implements AutoCloseable {

    static final String DRIVER_CLASS = "org.apache.kafka.streams.TopologyTestDriver";

    private final AutoCloseable driver;
    private final StreamTask task;
    private final Method enqueue;
    private final Method inputPartition;
    private final Method advanceWallClock;
    private final Time clock;
    private final MockProducer<byte[], byte[]> producer;
    /** Where the driver itself puts what it captures when its clock is advanced (a commit). */
    private final Map<String, Queue<ProducerRecord<byte[], byte[]>>> capturedByDriver;
    private final Map<String, TopicPartition> partitions = new HashMap<>();
    /** Per written topic, the partition it feeds back into (repartition topics), or null. */
    private final Map<String, TopicPartition> feedsBack = new HashMap<>();
    private final Map<String, Long> written = new TreeMap<>();
    private final Headers noHeaders = new RecordHeaders();
    private final long commitIntervalNanos;
    private long lastCommit = System.nanoTime();
    private long commits;

    static boolean available() {
        try {
            Class.forName(DRIVER_CLASS);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    DirectTopologyDriver(Topology topology, Properties props, long commitIntervalMillis) throws ReflectiveOperationException {
        Class<?> type = Class.forName(DRIVER_CLASS);
        Constructor<?> constructor = type.getConstructor(Topology.class, Properties.class);
        driver = (AutoCloseable) constructor.newInstance(topology, props);
        task = (StreamTask) field(type, "task").get(driver);
        enqueue = method(type, "enqueueTaskRecord", String.class, TopicPartition.class, long.class, byte[].class,
                byte[].class, Headers.class);
        inputPartition = method(type, "getInputTopicOrPatternPartition", String.class);
        advanceWallClock = type.getMethod("advanceWallClockTime", Duration.class);
        clock = (Time) field(type, "mockWallClockTime").get(driver);
        producer = (MockProducer<byte[], byte[]>) field(type, "producer").get(driver);
        capturedByDriver = (Map<String, Queue<ProducerRecord<byte[], byte[]>>>) field(type, "outputRecordsByTopic")
                .get(driver);
        commitIntervalNanos = commitIntervalMillis * 1_000_000;
    }

    /** Feeds one record into {@code topic} and processes everything it leads to. */
    void pipe(String topic, byte[] key, byte[] value, long timestamp) throws ReflectiveOperationException {
        TopicPartition partition = partitions.get(topic);
        if (partition == null) {
            partition = (TopicPartition) invoke(inputPartition, topic);
            partitions.put(topic, partition);
        }
        invoke(enqueue, topic, partition, timestamp, key, value, noHeaders);
        processAll();
        if (System.nanoTime() - lastCommit >= commitIntervalNanos) {
            commit();
        }
    }

    private void processAll() throws ReflectiveOperationException {
        captureOutputs();
        task.resumePollingForPartitionsWithAvailableSpace();
        task.updateLags();
        while (task.hasRecordsQueued() && task.isProcessable(clock.milliseconds())) {
            task.process(clock.milliseconds());
            task.maybePunctuateStreamTime();
            captureOutputs();
        }
    }

    /** Counts what the task wrote, feeds repartitioned records back in, and discards the rest. */
    private void captureOutputs() throws ReflectiveOperationException {
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        if (sent.isEmpty()) {
            return;
        }
        producer.clear();
        for (ProducerRecord<byte[], byte[]> record : sent) {
            String topic = record.topic();
            written.merge(topic, 1L, Long::sum);
            if (!feedsBack.containsKey(topic)) {
                feedsBack.put(topic, (TopicPartition) invoke(inputPartition, topic));
            }
            TopicPartition partition = feedsBack.get(topic);
            if (partition != null) {
                invoke(enqueue, topic, partition, record.timestamp(), record.key(), record.value(), record.headers());
            }
        }
    }

    /**
     * Moves the driver's clock on by the real time elapsed since the last commit and commits the task
     * (flushing its stores), as a stream thread does every commit interval.
     */
    void commit() throws ReflectiveOperationException {
        long now = System.nanoTime();
        invoke(advanceWallClock, Duration.ofNanos(now - lastCommit));
        capturedByDriver.forEach((topic, queue) -> {
            written.merge(topic, (long) queue.size(), Long::sum);
            queue.clear();
        });
        processAll();
        commits++;
        lastCommit = now;
    }

    /**
     * Moves the driver's clock on by twice {@link io.walkback.topology.WalkbackTopology#VERDICT_SETTLE}, as a quiet
     * live feed would, so that the verdicts still waiting at the end of the feed are given.
     */
    void settle() throws ReflectiveOperationException {
        invoke(advanceWallClock, io.walkback.topology.WalkbackTopology.VERDICT_SETTLE.multipliedBy(2));
        processAll();
    }

    /** Records written to each topic so far. */
    Map<String, Long> written() {
        return written;
    }

    long commits() {
        return commits;
    }

    @Override
    public void close() throws Exception {
        driver.close();
    }

    private Object invoke(Method method, Object... args) throws ReflectiveOperationException {
        try {
            return method.invoke(driver, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        Method method = type.getDeclaredMethod(name, parameters);
        method.setAccessible(true);
        return method;
    }
}
