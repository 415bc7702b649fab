package io.walkback.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.walkback.contract.ContestedClaim;
import io.walkback.topology.TopologyEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Walkback's Prometheus metrics: its own counters and the lag distribution (fed by {@link TopologyEvents}),
 * every Kafka Streams client metric (Micrometer's binder), and JVM and process metrics.
 *
 * <p>Names, as Prometheus shows them: {@code walkback_announcements_read_total},
 * {@code walkback_backtracks_read_total}, {@code walkback_contested_claims_total{kind}},
 * {@code walkback_claims_stood_total}, {@code walkback_claim_lag_seconds} (histogram),
 * {@code walkback_dead_letters_total{stream,reason}}, {@code walkback_late_records_dropped_total{stream}},
 * {@code walkback_streams_state{state}} (1 for the current state), {@code walkback_verdicts_waiting}, and
 * {@code kafka_stream_*}.
 */
public final class WalkbackMetrics implements TopologyEvents, AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter announcementsRead;
    private final Counter backtracksRead;
    private final Counter stood;
    private final Timer lag;
    private final Map<String, Counter> contestedByKind = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, Counter> late = new ConcurrentHashMap<>();
    private final Map<String, Integer> verdictsWaitingByTask = new ConcurrentHashMap<>();
    private final List<Runnable> closers = new ArrayList<>();
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "walkback-metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });

    public WalkbackMetrics(Duration maxLag) {
        announcementsRead = Counter.builder("walkback.announcements.read")
                .description("Announcements read that passed the contract").register(registry);
        backtracksRead = Counter.builder("walkback.backtracks.read")
                .description("Backtracks read that passed the contract").register(registry);
        stood = Counter.builder("walkback.claims.stood")
                .description("Announcements whose max-lag window closed with no backtrack").register(registry);
        lag = Timer.builder("walkback.claim.lag")
                .description("Time from announcement to the backtrack contesting it")
                .serviceLevelObjectives(lagBuckets(maxLag))
                // A max lag under a minute is allowed: the histogram's expected range must then end there too.
                .minimumExpectedValue(maxLag.compareTo(Duration.ofMinutes(1)) < 0 ? maxLag : Duration.ofMinutes(1))
                .maximumExpectedValue(maxLag)
                .register(registry);
        Gauge.builder("walkback.verdicts.waiting", this::verdictsWaiting)
                .description("Backtracks held for their verdict until stream time passes them or the task idles "
                        + "(similarity matching)").register(registry);
        for (KafkaStreams.State each : KafkaStreams.State.values()) {
            Gauge.builder("walkback.streams.state", () -> state == each ? 1 : 0)
                    .description("1 for the Kafka Streams client's current state")
                    .tag("state", each.name()).register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closers.add(gc::close);
    }

    /** Hours to the max lag: the question newsrooms ask is "within hours, a day, a week?". */
    static Duration[] lagBuckets(Duration maxLag) {
        List<Duration> buckets = new ArrayList<>();
        for (Duration bucket : List.of(Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6),
                Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7),
                Duration.ofDays(14), Duration.ofDays(21))) {
            if (bucket.compareTo(maxLag) < 0) {
                buckets.add(bucket);
            }
        }
        buckets.add(maxLag);
        return buckets.toArray(Duration[]::new);
    }

    /** Binds the Kafka Streams client's metrics (refreshed every 2 s, so task metrics appear soon after a rebalance). */
    public void bind(KafkaStreams streams) {
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams, List.of(), refresher, Duration.ofSeconds(2));
        kafka.bindTo(registry);
        closers.add(kafka::close);
    }

    public void stateChanged(KafkaStreams.State newState) {
        state = newState;
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void read(String stream) {
        (stream.equals("announcements") ? announcementsRead : backtracksRead).increment();
    }

    @Override
    public void deadLettered(String stream, String reason) {
        deadLetters.computeIfAbsent(stream + "\u0000" + reason, key -> Counter.builder("walkback.dead.letters")
                .description("Input records sent to the dead-letter topic, by reason")
                .tag("stream", stream).tag("reason", reason).register(registry)).increment();
    }

    @Override
    public void droppedLate(String stream) {
        late.computeIfAbsent(stream, key -> Counter.builder("walkback.late.records.dropped")
                .description("Records that arrived after every window they could join had closed (max lag plus grace behind stream time)")
                .tag("stream", stream).register(registry)).increment();
    }

    /** Records dropped as late so far, both inputs. */
    public long lateDropped() {
        return late.values().stream().mapToLong(counter -> (long) counter.count()).sum();
    }

    @Override
    public void contested(ContestedClaim claim) {
        String kind = claim.kind().wireName();
        contestedByKind.computeIfAbsent(kind, key -> Counter.builder("walkback.contested.claims")
                .description("Contested claims emitted, by kind of backtrack")
                .tag("kind", kind).register(registry)).increment();
        lag.record(claim.lag());
    }

    @Override
    public void stood() {
        stood.increment();
    }

    @Override
    public void verdictsWaiting(String taskId, int waiting) {
        if (waiting == 0) {
            verdictsWaitingByTask.remove(taskId);
        } else {
            verdictsWaitingByTask.put(taskId, waiting);
        }
    }

    /** Backtracks waiting for their verdict, over this instance's tasks. */
    public long verdictsWaiting() {
        return verdictsWaitingByTask.values().stream().mapToLong(Integer::longValue).sum();
    }

    @Override
    public void close() {
        closers.forEach(Runnable::run);
        refresher.shutdownNow();
        registry.close();
    }
}
