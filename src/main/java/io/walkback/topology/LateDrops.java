package io.walkback.topology;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts records a task drops because they arrived after every window they could join had closed. Each
 * drop is recorded in the task's {@code late-<stream>-dropped-total} metric and told to the topology's
 * listener; the first drop per stream and task is logged at WARN, so an operator sees it without
 * drowning in repeats.
 */
final class LateDrops {

    private static final Logger LOG = LoggerFactory.getLogger(LateDrops.class);
    static final String METRICS_SCOPE = "walkback";

    private final ProcessorContext<?, ?> context;
    private final TopologyEvents events;
    private final Map<String, Sensor> sensors = new HashMap<>();
    private final Set<String> warned = new HashSet<>();

    /** Registers the metric of each stream at once, so a dashboard shows a zero rather than nothing. */
    LateDrops(ProcessorContext<?, ?> context, TopologyEvents events, String... streams) {
        this.context = context;
        this.events = events;
        for (String stream : streams) {
            sensors.put(stream, context.metrics().addRateTotalSensor(METRICS_SCOPE, context.taskId().toString(),
                    "late-" + stream + "-dropped", Sensor.RecordingLevel.INFO));
        }
    }

    static String metricName(String stream) {
        return "late-" + stream + "-dropped-total";
    }

    void drop(String stream, long eventTime, long closedAt) {
        sensors.get(stream).record();
        events.droppedLate(stream);
        if (warned.add(stream)) {
            LOG.warn("Task {} dropped a late {} record: event time {}, every window it could join closed at {} (stream "
                            + "time {}). A feed older than what this application already processed is dropped this "
                            + "way: replay it into fresh topics or under a new application.id. Further drops in this "
                            + "task are only counted (metric {})", context.taskId(), stream, Instant.ofEpochMilli(eventTime),
                    Instant.ofEpochMilli(closedAt), Instant.ofEpochMilli(context.currentStreamTimeMs()), metricName(stream));
        } else {
            LOG.debug("Task {} dropped a late {} record at {}", context.taskId(), stream, eventTime);
        }
    }
}
