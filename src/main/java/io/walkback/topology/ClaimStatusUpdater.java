package io.walkback.topology;

import io.walkback.model.ClaimStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Writes each announcement's {@link ClaimStatus} to a queryable store and forwards every change, keyed by
 * announcement id, for the compacted status topic. It also maintains an index of contested claims by
 * time of latest contest (newest first), so the claims API can list the most recent without a full scan.
 *
 * <p>The store grows with the feed (one entry per announcement), so it is never read here: each event
 * carries the status it replaces.
 */
final class ClaimStatusUpdater implements Processor<String, ClaimEvent, String, ClaimStatus> {

    private final TopologyEvents events;
    private ProcessorContext<String, ClaimStatus> context;
    private KeyValueStore<String, ClaimStatus> statuses;
    private KeyValueStore<String, String> contestedIndex;

    ClaimStatusUpdater(TopologyEvents events) {
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, ClaimStatus> context) {
        this.context = context;
        this.statuses = context.getStateStore(WalkbackTopology.CLAIM_STATUS_STORE);
        this.contestedIndex = context.getStateStore(WalkbackTopology.CONTESTED_INDEX_STORE);
    }

    @Override
    public void process(Record<String, ClaimEvent> record) {
        ClaimStatus before = record.value().before();
        ClaimStatus after = record.value().after();
        if (after.equals(before)) {
            return;
        }
        if (after.status() == ClaimStatus.Status.STOOD) {
            events.stood();
        }
        String id = after.announcementId();
        statuses.put(id, after);
        if (after.lastContestedAt() != null) {
            if (before != null && before.lastContestedAt() != null) {
                contestedIndex.delete(ContestedIndex.key(before));
            }
            contestedIndex.put(ContestedIndex.key(after), id);
        }
        context.forward(record.withKey(id).withValue(after));
    }
}
