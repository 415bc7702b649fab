package io.walkback.app;

import io.walkback.app.config.WalkbackConfig;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Topic;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Follows the contested-claims topic from the beginning, reading only committed results, and hands each
 * claim to a consumer (the demo prints it and writes it to a file). Runs on its own thread.
 */
public final class ContestedClaimTail implements AutoCloseable {

    private final KafkaConsumer<String, ContestedClaim> consumer;
    private final String topic;
    private final Consumer<ContestedClaim> sink;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong received = new AtomicLong();
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile boolean caughtUp;
    private java.util.List<org.apache.kafka.common.TopicPartition> assigned = java.util.List.of();

    public ContestedClaimTail(WalkbackConfig config, Consumer<ContestedClaim> sink) {
        Properties props = config.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "walkback-claim-tail");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Topic<String, ContestedClaim> claims = config.topics().contestedClaims();
        this.consumer = new KafkaConsumer<>(props, claims.keySerde().deserializer(), claims.valueSerde().deserializer());
        this.topic = claims.name();
        this.sink = sink;
        this.thread = new Thread(this::run, "walkback-claim-tail");
        this.thread.setDaemon(true);
    }

    public ContestedClaimTail start() {
        var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        assigned = partitions;
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, ContestedClaim> record : consumer.poll(Duration.ofMillis(200))) {
                    received.incrementAndGet();
                    lastReceivedNanos = System.nanoTime();
                    sink.accept(record.value());
                }
                caughtUp = assigned.stream().allMatch(tp -> consumer.currentLag(tp).orElse(1) == 0);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    public long received() {
        return received.get();
    }

    /**
     * True once the last poll found nothing left to read in any partition: with the processor's lag at
     * zero too, every committed claim has been seen.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    public Duration quietFor() {
        return Duration.ofNanos(System.nanoTime() - lastReceivedNanos);
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
