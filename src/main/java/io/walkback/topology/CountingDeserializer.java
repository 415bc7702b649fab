package io.walkback.topology;

import io.walkback.contract.RejectedRecordException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reports each input record as read or rejected, then leaves the rejection to the dead-letter handler. */
final class CountingDeserializer<T> implements Deserializer<T> {

    private final String stream;
    private final Deserializer<T> inner;
    private final TopologyEvents events;

    CountingDeserializer(String stream, Deserializer<T> inner, TopologyEvents events) {
        this.stream = stream;
        this.inner = inner;
        this.events = events;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        try {
            T value = inner.deserialize(topic, data);
            events.read(stream);
            return value;
        } catch (RejectedRecordException e) {
            events.deadLettered(stream, e.category());
            throw e;
        }
    }
}
