package io.walkback.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops records that arrive more than the grace period behind stream time, so both streams follow one
 * visible rule. Each drop is counted in the task's {@code late-<stream>-dropped-total} metric; the
 * first drop per task is logged at WARN so an operator sees it without drowning in repeats.
 */
final class LateRecordFilter<V> implements FixedKeyProcessor<String, V, V> {

    private static final Logger LOG = LoggerFactory.getLogger(LateRecordFilter.class);
    static final String METRICS_SCOPE = "walkback";

    private final String stream;
    private final long graceMillis;
    private final TopologyEvents events;
    private FixedKeyProcessorContext<String, V> context;
    private Sensor dropped;
    private boolean warned;

    LateRecordFilter(String stream, long graceMillis, TopologyEvents events) {
        this.stream = stream;
        this.graceMillis = graceMillis;
        this.events = events;
    }

    static String metricName(String stream) {
        return "late-" + stream + "-dropped-total";
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.dropped = context.metrics().addRateTotalSensor(METRICS_SCOPE, context.taskId().toString(),
                "late-" + stream + "-dropped", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        long streamTime = context.currentStreamTimeMs();
        if (record.timestamp() >= streamTime - graceMillis) {
            context.forward(record);
            return;
        }
        dropped.record();
        events.droppedLate(stream);
        if (!warned) {
            warned = true;
            LOG.warn("Task {} dropped a late {} record (event time {} ms, stream time {} ms, grace {} ms); "
                            + "further drops in this task are only counted in metric {}",
                    context.taskId(), stream, record.timestamp(), streamTime, graceMillis, metricName(stream));
        } else {
            LOG.debug("Task {} dropped a late {} record at {}", context.taskId(), stream, record.timestamp());
        }
    }
}
