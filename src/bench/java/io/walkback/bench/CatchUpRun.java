package io.walkback.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.walkback.app.GroupLag;
import io.walkback.app.config.WalkbackConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Starts one application on input topics that already hold the whole feed and measures it until it has
 * caught up (consumer-group lag 0 over every topic it reads): time to RUNNING, time from RUNNING to caught
 * up, the steady rate (input records committed between 10% and 90% of the feed, per second), the state directory's size over the run, and this JVM's peak RSS.
 */
final class CatchUpRun {

    private static final long SAMPLE_MILLIS = 200;
    private static final long STATE_SAMPLE_MILLIS = 1000;

    private CatchUpRun() {
    }

    /**
     * @param overrides       the complete configuration on top of Walkback's built-in defaults
     * @param expectedRecords records in the input topics
     * @param ownJvm          whether this JVM runs nothing but this application (peak RSS is then its own)
     */
    static ObjectNode run(Variant variant, Map<String, String> overrides, long expectedRecords, Duration timeout,
                          boolean ownJvm) throws Exception {
        WalkbackConfig config = WalkbackConfig.of(overrides);
        Path stateDir = Path.of(config.get("state.dir"));
        List<String> consumed = variant.consumedTopics(config);
        // Progress is input records committed, the same measure for both applications; caught up is lag 0 everywhere.
        List<String> inputs = Variant.inputTopics(config);
        List<long[]> progress = new ArrayList<>(); // {nanos since start, records committed by the last stage}
        long peakState = 0;
        long lastStateSample = 0;
        long running = -1;
        long caughtUp = -1;
        long stateAtCaughtUp;
        Map<String, Long> storesAtHalf = null;
        Map<String, Long> storesWhenCaughtUp;
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try (GroupLag lag = new GroupLag(config, consumed);
             GroupLag inputProgress = new GroupLag(config, inputs);
             Variant.RunningApp app = variant.start(config)) {
            while (caughtUp < 0) {
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException(variant.label + " did not catch up within " + timeout
                            + " (state " + app.state() + ")");
                }
                KafkaStreams.State state = app.state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException(variant.label + " stopped (state " + state + ")");
                }
                if (running < 0 && state == KafkaStreams.State.RUNNING) {
                    running = now - started;
                }
                if (running >= 0) {
                    long committed = inputProgress.committed();
                    progress.add(new long[] {now - started, committed});
                    if (storesAtHalf == null && committed >= expectedRecords / 2) {
                        storesAtHalf = Machine.bytesByStore(stateDir);
                    }
                    if (lag.total() == 0) {
                        caughtUp = System.nanoTime() - started;
                    }
                }
                if (now - lastStateSample >= TimeUnit.MILLISECONDS.toNanos(STATE_SAMPLE_MILLIS)) {
                    peakState = Math.max(peakState, Machine.bytesUnder(stateDir));
                    lastStateSample = now;
                }
                if (caughtUp < 0) {
                    TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
                }
            }
            stateAtCaughtUp = Machine.bytesUnder(stateDir);
            storesWhenCaughtUp = Machine.bytesByStore(stateDir);
            peakState = Math.max(peakState, stateAtCaughtUp);
            // Similarity matching: the last backtracks of each task wait for their verdict until the task idles.
            // That wait is not work, so it is not in the catch-up time; the claims it gives are in the counts.
            while (app.verdictsWaiting() > 0 || lag.total() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(variant.label + " still had verdicts waiting after " + timeout);
                }
                TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
            }
        }
        long closed = System.nanoTime() - started;
        long stateAfterClose = Machine.bytesUnder(stateDir);

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("variant", variant.label);
        result.put("applicationId", config.get("application.id"));
        result.put("maxLag", config.get(WalkbackConfig.MAX_LAG));
        result.put("records", expectedRecords);
        result.put("startupSeconds", seconds(running));
        result.put("catchUpSeconds", seconds(caughtUp - running));
        result.put("catchUpRecordsPerSecond", expectedRecords / seconds(caughtUp - running));
        result.put("wallSecondsIncludingStartup", seconds(caughtUp));
        result.put("closeSeconds", seconds(closed - caughtUp));
        steadyRate(progress, expectedRecords, result);
        result.put("peakStateBytes", peakState);
        result.put("stateBytesWhenCaughtUp", stateAtCaughtUp);
        result.put("stateBytesAfterClose", stateAfterClose);
        // Per store, half-way through the feed and at its end: what grows with the feed and what does not.
        ObjectNode byStore = result.putObject("stateBytesByStore");
        Map<String, Long> half = storesAtHalf == null ? Map.of() : storesAtHalf;
        java.util.TreeSet<String> stores = new java.util.TreeSet<>(storesWhenCaughtUp.keySet());
        stores.addAll(half.keySet());
        for (String store : stores) {
            ObjectNode sizes = byStore.putObject(store);
            sizes.put("halfWay", half.getOrDefault(store, 0L));
            sizes.put("caughtUp", storesWhenCaughtUp.getOrDefault(store, 0L));
        }
        result.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        if (ownJvm) {
            result.put("peakRssBytes", Machine.peakRssBytes());
        } else {
            result.putNull("peakRssBytes");
        }
        return result;
    }

    /** Input records committed between the samples where that first passed 10% and 90% of the feed, per second. */
    static void steadyRate(List<long[]> progress, long expected, ObjectNode result) {
        long[] from = null;
        long[] to = null;
        for (long[] sample : progress) {
            if (from == null && sample[1] >= expected * 0.1) {
                from = sample;
            }
            if (to == null && sample[1] >= expected * 0.9) {
                to = sample;
            }
        }
        if (from == null || to == null || to[0] <= from[0]) {
            // Too few records to see progress between commits: the whole run is the only window.
            result.putNull("steadyRecordsPerSecond");
            return;
        }
        result.put("steadyRecordsPerSecond", (to[1] - from[1]) / seconds(to[0] - from[0]));
        result.put("steadyWindowSeconds", seconds(to[0] - from[0]));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
