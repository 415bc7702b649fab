package io.walkback.topology;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Lets each (announcement, backtrack) pair through once. A retried send or a feed replayed into the
 * same topics puts a second copy of a record into the join, which pairs it again; this remembers the
 * pairs already reported. The store is a window store keyed by pair and stamped with the announcement
 * time, so it forgets pairs once no copy of either record can still be joined: memory stays bounded
 * by the join window, not by the length of the feed.
 */
final class RepeatedPairFilter implements FixedKeyProcessor<String, Pairing, Pairing> {

    private final String storeName;
    private FixedKeyProcessorContext<String, Pairing> context;
    private WindowStore<String, Long> reported;

    RepeatedPairFilter(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Pairing> context) {
        this.context = context;
        this.reported = context.getStateStore(storeName);
    }

    @Override
    public void process(FixedKeyRecord<String, Pairing> record) {
        Pairing pairing = record.value();
        String pairId = pairing.pairId();
        long announcedAt = pairing.announcement().announcedAt().toEpochMilli();
        if (reported.fetch(pairId, announcedAt) != null) {
            return;
        }
        reported.put(pairId, pairing.backtrack().reportedAt().toEpochMilli(), announcedAt);
        context.forward(record);
    }
}
