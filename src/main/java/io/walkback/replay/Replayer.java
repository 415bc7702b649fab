package io.walkback.replay;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.InputKeys;
import io.walkback.contract.Topic;
import io.walkback.contract.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a feed into the input topics, in event-time order, each record stamped with its event time.
 *
 * <p>Records are keyed by {@link InputKeys}, so that each matcher task has a single writer: then every matcher task
 * reads its records in event-time order, and a replay gives the same contested claims however fast each input
 * partition is consumed. (With several writers, one input task can run years ahead of another during a replay, and
 * the records of the one behind arrive after their windows closed, as late drops.) The same keys let the processor
 * skip its repartition topic ({@code walkback.inputs.keyed-by-block}).
 *
 * <p>Every send's result is checked: a record the broker refuses (for example a timestamp too far in the
 * future for {@code log.message.timestamp.after.max.ms}) is reported with its origin, never lost silently.
 */
public final class Replayer {

    /** Kafka record timestamps are milliseconds since the Unix epoch, never negative. */
    static final Instant EARLIEST = Instant.EPOCH;

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final InputKeys keys;
    private final Duration maxAheadOfNow;
    private final Clock clock;
    /** The contract's value encodings, made once: one producer of byte values serves both topics. */
    private final Serializer<Announcement> announcementValues;
    private final Serializer<Backtrack> backtrackValues;

    /**
     * @param keys          the keying rule of the processor's match mode and topic aliases
     * @param maxAheadOfNow how far ahead of {@code clock} an event time may be ({@code walkback.max-ahead-of-now}):
     *                      later ones are listed and not sent, as the broker and the processor would refuse them
     */
    public Replayer(Producer<String, byte[]> producer, Topics topics, InputKeys keys, Duration maxAheadOfNow, Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.keys = keys;
        this.announcementValues = topics.announcements().valueSerde().serializer();
        this.backtrackValues = topics.backtracks().valueSerde().serializer();
        this.maxAheadOfNow = maxAheadOfNow;
        this.clock = clock;
    }

    /** A producer that waits for all replicas and never duplicates on retry. */
    public static Producer<String, byte[]> producer(Properties clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "walkback-replay");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Replays {@code feed} into {@code topics} of the cluster {@code clientProperties} name, with a producer of its own. */
    public static ReplaySummary replay(Properties clientProperties, Topics topics, InputKeys keys, Duration maxAheadOfNow,
                                       Feed feed, double recordsPerSecond, Progress progress) {
        try (Producer<String, byte[]> producer = producer(clientProperties)) {
            return new Replayer(producer, topics, keys, maxAheadOfNow, Clock.systemUTC())
                    .replay(feed, recordsPerSecond, progress);
        }
    }

    /**
     * @param recordsPerSecond 0 for as fast as possible
     */
    public ReplaySummary replay(Feed feed, double recordsPerSecond, Progress progress) {
        long start = System.nanoTime();
        List<FeedEntry> failed = Collections.synchronizedList(new ArrayList<>());
        AtomicLong announcementsAccepted = new AtomicLong();
        AtomicLong backtracksAccepted = new AtomicLong();
        List<Feed.FeedProblem> problems = new ArrayList<>(feed.problems());
        Instant latest = clock.instant().plus(maxAheadOfNow);
        long sent = 0;
        for (FeedEntry entry : feed.entries()) {
            Optional<String> outOfRange = outOfRange(entry, latest);
            if (outOfRange.isPresent()) {
                // Never sent: one such record would fail its whole producer batch, good records with it.
                problems.add(new Feed.FeedProblem(entry.origin(), outOfRange.get()));
                continue;
            }
            if (recordsPerSecond > 0) {
                pace(start, sent, recordsPerSecond);
            }
            AtomicLong accepted = entry.isAnnouncement() ? announcementsAccepted : backtracksAccepted;
            producer.send(toRecord(entry), (metadata, error) -> {
                if (error == null) {
                    accepted.incrementAndGet();
                } else {
                    failed.add(entry);
                }
            });
            progress.update(++sent);
        }
        // flush() returns once every send has completed, so every callback above has run.
        producer.flush();
        progress.finish(sent);
        // The broker refuses a whole batch for one bad record in it (a time too far ahead, say), so a good record
        // that shared its batch fails too: every failed record is sent again on its own, and only a record the
        // broker refuses alone is reported as refused.
        List<Feed.FeedProblem> refused = new ArrayList<>();
        for (FeedEntry entry : List.copyOf(failed)) {
            try {
                producer.send(toRecord(entry)).get();
                (entry.isAnnouncement() ? announcementsAccepted : backtracksAccepted).incrementAndGet();
            } catch (ExecutionException e) {
                refused.add(new Feed.FeedProblem(entry.origin(), "refused by the broker: " + e.getCause().getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                refused.add(new Feed.FeedProblem(entry.origin(), "not sent again: interrupted"));
            }
        }
        return new ReplaySummary(feed.linesRead(), announcementsAccepted.get(), backtracksAccepted.get(),
                problems, List.copyOf(refused), feed.skipped(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Why {@code entry}'s event time cannot be sent, if it cannot. */
    private Optional<String> outOfRange(FeedEntry entry, Instant latest) {
        String field = entry.isAnnouncement() ? "announcedAt" : "reportedAt";
        Instant time = entry.eventTime();
        if (time.isBefore(EARLIEST)) {
            return Optional.of(field + " " + time + " is before " + EARLIEST + ": a Kafka record timestamp cannot hold it");
        }
        if (time.isAfter(latest)) {
            return Optional.of(field + " " + time + " is more than " + maxAheadOfNow + " ahead of now ("
                    + clock.instant().truncatedTo(ChronoUnit.SECONDS) + ", walkback.max-ahead-of-now): the broker and "
                    + "the processor would refuse it");
        }
        return Optional.empty();
    }

    /** The entry as the contract's topic holds it; the value is encoded here, so one producer serves both topics. */
    ProducerRecord<String, byte[]> toRecord(FeedEntry entry) {
        long timestamp = entry.eventTime().toEpochMilli();
        if (entry.isAnnouncement()) {
            return record(topics.announcements(), announcementValues, keys.of(entry.announcement()), entry.announcement(),
                    timestamp);
        }
        return record(topics.backtracks(), backtrackValues, keys.of(entry.backtrack()), entry.backtrack(), timestamp);
    }

    private static <V> ProducerRecord<String, byte[]> record(Topic<String, V> topic, Serializer<V> values, String key, V value,
                                                             long timestamp) {
        return new ProducerRecord<>(topic.name(), null, timestamp, key, values.serialize(topic.name(), value));
    }

    private static void pace(long startNanos, long sent, double recordsPerSecond) {
        long due = startNanos + (long) (sent / recordsPerSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
