package io.walkback.app;

import io.walkback.app.config.WalkbackConfig;
import io.walkback.app.metrics.WalkbackMetrics;
import io.walkback.topology.WalkbackTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Kafka Streams application: the topology from {@link WalkbackTopology}, started with the
 * configured properties, with its state changes logged. Closing it is a clean shutdown (state flushed,
 * transactions committed or aborted, group left).
 */
public final class WalkbackProcessor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalkbackProcessor.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** KIP-892 (Kafka 4.4): stores that commit with the transaction, so a crash leaves no uncommitted data in them. */
    static final String TRANSACTIONAL_STORES_CONFIG = "enable.transactional.statestores";
    private static final java.util.function.Predicate<WalkbackConfig> TRANSACTIONAL_STORES =
            config -> Boolean.parseBoolean(config.get(TRANSACTIONAL_STORES_CONFIG));

    private final KafkaStreams streams;
    private final CleanShutdownMarker marker;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

    private WalkbackProcessor(WalkbackConfig config, WalkbackMetrics metrics) {
        Properties props = config.streamsProperties();
        Topology topology = WalkbackTopology.build(config.topologySettings(), props, metrics);
        streams = new KafkaStreams(topology, props);
        marker = new CleanShutdownMarker(Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG)),
                props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        metrics.bind(streams);
        streams.setStateListener((newState, oldState) -> {
            state = newState;
            metrics.stateChanged(newState);
            LOG.info("Kafka Streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.NOT_RUNNING || newState == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        ThreadFailureBudget budget = new ThreadFailureBudget(ThreadFailureBudget.DEFAULT_FAILURES,
                ThreadFailureBudget.DEFAULT_PERIOD);
        streams.setUncaughtExceptionHandler(error -> {
            // Bad input never gets here (it is dead-lettered); this is a bug or a broken cluster.
            if (budget.replaceAfterFailureAt(System.nanoTime())) {
                LOG.error("Stream thread failed; replacing it", error);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("Stream threads failed {} times within {}; shutting down (a restart of the process starts "
                    + "from the changelogs)", budget.failures(), budget.period(), error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    public static WalkbackProcessor start(WalkbackConfig config, WalkbackMetrics metrics) {
        TopicSetup.checkKeyedInputs(config);
        WalkbackProcessor processor = new WalkbackProcessor(config, metrics);
        LOG.info("Starting Walkback (application.id={}, bootstrap.servers={}, processing.guarantee={})",
                config.get("application.id"), config.get("bootstrap.servers"), config.get("processing.guarantee"));
        if (processor.marker.previousRunCrashed()) {
            if (TRANSACTIONAL_STORES.test(config)) {
                LOG.warn("The last Walkback on state directory {} did not stop cleanly ({} is still there): keeping its "
                                + "local state, which transactional state stores hold committed only; the uncommitted "
                                + "tail is processed again", config.get(StreamsConfig.STATE_DIR_CONFIG), processor.marker.path());
            } else {
                LOG.warn("The last Walkback on state directory {} did not stop cleanly ({} is still there): deleting its "
                                + "local state, so that the stores are rebuilt from their changelogs",
                        config.get(StreamsConfig.STATE_DIR_CONFIG), processor.marker.path());
                processor.streams.cleanUp();
            }
        }
        processor.marker.running();
        processor.streams.start();
        return processor;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return state;
    }

    /** Waits until the application is RUNNING; false if it did not get there within {@code timeout}. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || stopped.getCount() == 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    /** Blocks until the application has stopped (closed, or failed for good). */
    public KafkaStreams.State awaitStopped() throws InterruptedException {
        stopped.await();
        return state;
    }

    /** Whether the processor stopped within {@code timeout}. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        LOG.info("Closing Walkback");
        // After a failure the stores may not have been closed properly: keep the marker so that the next start
        // rebuilds them.
        boolean failed = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
        // Leaving the group hands this instance's partitions to the others at once, instead of after the
        // session timeout: a stopped instance is a scale-down, not a blip.
        boolean closed = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (closed && !failed) {
            marker.stoppedCleanly();
        } else {
            LOG.warn("Kafka Streams failed or did not close within {}; the next start will rebuild local state",
                    CLOSE_TIMEOUT);
        }
    }
}
