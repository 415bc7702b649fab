package io.walkback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.Json;
import io.walkback.replay.Replayer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End-to-end latency at a fixed input rate, live: the application is running on empty topics, a feed whose
 * event times are the present is produced at {@code rate} records/s, and a {@code read_committed} consumer
 * follows the output topic. For Walkback, a sample is the time from a backtrack's send to a contested claim
 * it caused becoming readable; for the pass-through, from a backtrack's send to its copy becoming readable.
 * Backtracks sent during the warm-up are not counted.
 */
final class LatencyRun {

    /** Live backtracks come this soon after the announcement they contest. */
    static final Duration BACKTRACK_WITHIN = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);

    private LatencyRun() {
    }

    static ObjectNode run(Launcher launcher, Variant variant, Map<String, String> overrides, double matchShare,
                          int rate, Duration warmup, Duration measured, long seed) throws Exception {
        return run(launcher, variant, overrides, matchShare, rate, warmup, measured, seed, null);
    }

    /**
     * @param sampleEvery if not null, the application's process is sampled this often while records are sent
     *                    (resident memory, threads, open files: {@link Machine#sample}), for a soak run
     */
    static ObjectNode run(Launcher launcher, Variant variant, Map<String, String> overrides, double matchShare,
                          int rate, Duration warmup, Duration measured, long seed, Duration sampleEvery) throws Exception {
        WalkbackConfig config = WalkbackConfig.of(overrides);
        Duration total = warmup.plus(measured);
        int records = (int) Math.max(1, rate * total.toMillis() / 1000);
        Instant start = Instant.now().plusSeconds(5);
        List<FeedSpec.Prepared> feed = FeedSpec.prepare(new FeedSpec(records, matchShare, start, total,
                BACKTRACK_WITHIN, seed).generate());
        String[] backtrackIds = new String[feed.size()];
        for (int i = 0; i < feed.size(); i++) {
            if (!feed.get(i).announcement()) {
                backtrackIds[i] = Json.mapper().readTree(feed.get(i).value()).get("id").asText();
            }
        }
        String outputField = variant == Variant.WALKBACK ? "backtrackId" : "id";
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong lastReceived = new AtomicLong(System.nanoTime());
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        AtomicBoolean reading = new AtomicBoolean(true);

        ObjectNode appFigures;
        long sendStarted;
        long sendFinished;
        ArrayNode samples = JsonNodeFactory.instance.arrayNode();
        try (Launcher.LiveApp app = launcher.live(variant, overrides)) {
            long sampling = System.nanoTime();
            Thread sampler = new Thread(() -> {
                while (sampleEvery != null && reading.get()) {
                    ObjectNode sample = Machine.sample(app.pid());
                    sample.put("seconds", Math.round((System.nanoTime() - sampling) / 1e9));
                    synchronized (samples) {
                        samples.add(sample);
                    }
                    LockSupport.parkNanos(sampleEvery.toNanos());
                }
            }, "bench-soak-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Thread reader = new Thread(() -> {
                try {
                    follow(config, reading, record -> {
                        long now = System.nanoTime();
                        String id = idOf(record, outputField);
                        Long sent = id == null ? null : sentAt.get(id);
                        if (sent != null) {
                            latencies.add(now - sent);
                            lastReceived.set(now);
                        }
                    });
                } catch (Throwable e) {
                    readerFailure.set(e);
                }
            }, "bench-latency-reader");
            reader.setDaemon(true);
            reader.start();

            try (Producer<String, byte[]> producer = Replayer.producer(config.clientProperties())) {
                sendStarted = System.nanoTime();
                long warmupEnd = sendStarted + warmup.toNanos();
                for (int i = 0; i < feed.size(); i++) {
                    FeedSpec.Prepared record = feed.get(i);
                    long due = sendStarted + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String topic = record.announcement() ? config.topics().announcements().name() : config.topics().backtracks().name();
                    long now = System.nanoTime();
                    if (!record.announcement() && now >= warmupEnd) {
                        sentAt.put(backtrackIds[i], now);
                    }
                    producer.send(new ProducerRecord<>(topic, null, record.timestamp(),
                            new String(record.key(), java.nio.charset.StandardCharsets.UTF_8), record.value()),
                            (metadata, error) -> {
                                if (error != null) {
                                    readerFailure.compareAndSet(null, error);
                                }
                            });
                }
                producer.flush();
                sendFinished = System.nanoTime();
            }
            long drainDeadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            lastReceived.set(Math.max(lastReceived.get(), System.nanoTime()));
            // Drain until output has gone quiet; on a loaded machine the first results can take longer than
            // QUIET to appear, so an empty sample set keeps waiting (up to DRAIN_LIMIT).
            while (System.nanoTime() < drainDeadline
                    && (latencies.isEmpty() || System.nanoTime() - lastReceived.get() < QUIET.toNanos())) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            reading.set(false);
            reader.join(10_000);
            sampler.interrupt();
            sampler.join(10_000);
            appFigures = app.stop();
        }
        if (readerFailure.get() != null) {
            throw new IllegalStateException("latency run failed: " + readerFailure.get(), readerFailure.get());
        }

        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("variant", variant.label);
        result.put("targetRecordsPerSecond", rate);
        result.put("achievedRecordsPerSecond", feed.size() / ((sendFinished - sendStarted) / 1e9));
        result.put("warmupSeconds", warmup.toMillis() / 1000.0);
        result.put("measuredSeconds", measured.toMillis() / 1000.0);
        result.put("records", feed.size());
        result.put("backtracksTimed", sentAt.size());
        result.put("samples", sorted.length);
        result.put("p50Millis", percentileMillis(sorted, 0.50));
        result.put("p90Millis", percentileMillis(sorted, 0.90));
        result.put("p99Millis", percentileMillis(sorted, 0.99));
        result.put("maxMillis", sorted.length == 0 ? -1 : sorted[sorted.length - 1] / 1e6);
        result.set("peakRssBytes", appFigures.get("peakRssBytes"));
        if (sampleEvery != null) {
            synchronized (samples) {
                result.set("samples", samples);
            }
        }
        return result;
    }

    static double percentileMillis(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, index))] / 1e6;
    }

    private static String idOf(ConsumerRecord<String, byte[]> record, String field) {
        try {
            JsonNode node = Json.mapper().readTree(record.value());
            JsonNode id = node == null ? null : node.get(field);
            return id == null ? null : id.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads the output topic from the beginning, committed records only, until {@code reading} turns false. */
    private static void follow(WalkbackConfig config, AtomicBoolean reading,
                               java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        Properties props = config.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "walkback-bench-latency");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        String topic = config.topics().contestedClaims().name();
        Deserializer<byte[]> values = new ByteArrayDeserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading.get()) {
                consumer.poll(Duration.ofMillis(50)).forEach(sink);
            }
        }
    }

}
