package io.walkback.topology;

import io.walkback.model.ClaimStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each announcement's {@link ClaimStatus} in a queryable store, from the {@link ClaimChange}s of all its
 * copies, and forwards every change, keyed by announcement id, for the compacted status topic. An announcement
 * stood once every copy reported its window closed and none reported a contest: a copy reports its contests
 * before its closing, in one partition's order, so no contest can follow the last closing. It also maintains an
 * index of contested claims by time of latest contest (newest first), so the claims API can list the most
 * recent without a full scan.
 *
 * <p>Changes may arrive in any order across copies (a contest found in one block before the home block reported
 * the announcement made): a contest carries every field of the announcement, and closings are counted in a store
 * of their own until the last one, so that store holds only announcements with copies still open.
 */
final class ClaimStatusUpdater implements Processor<String, ClaimChange, String, ClaimStatus> {

    private final TopologyEvents events;
    private ProcessorContext<String, ClaimStatus> context;
    private KeyValueStore<String, ClaimStatus> statuses;
    private KeyValueStore<String, String> contestedIndex;
    private KeyValueStore<String, Integer> closings;

    ClaimStatusUpdater(TopologyEvents events) {
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, ClaimStatus> context) {
        this.context = context;
        this.statuses = context.getStateStore(WalkbackTopology.CLAIM_STATUS_STORE);
        this.contestedIndex = context.getStateStore(WalkbackTopology.CONTESTED_INDEX_STORE);
        this.closings = context.getStateStore(WalkbackTopology.CLOSINGS_STORE);
    }

    @Override
    public void process(Record<String, ClaimChange> record) {
        String id = record.key();
        ClaimChange change = record.value();
        ClaimStatus before = statuses.get(id);
        ClaimStatus after = switch (change.kind()) {
            case OPENED -> before != null ? before : change.opened();
            case CONTESTED -> (before != null ? before : ClaimStatus.openedAsIn(change.contest()))
                    .contestedBy(change.contest());
            case CLOSED -> allClosed(id, change.copies()) && before != null ? before.stood() : before;
        };
        if (after == null || after.equals(before)) {
            return;
        }
        if (after.status() == ClaimStatus.Status.STOOD) {
            events.stood();
        }
        statuses.put(id, after);
        if (after.lastContestedAt() != null) {
            if (before != null && before.lastContestedAt() != null) {
                contestedIndex.delete(ContestedIndex.key(before));
            }
            contestedIndex.put(ContestedIndex.key(after), id);
        }
        context.forward(record.withValue(after));
    }

    /** Counts one more closed copy; true once all {@code copies} closed. */
    private boolean allClosed(String id, int copies) {
        if (copies == 1) {
            return true;
        }
        Integer closed = closings.get(id);
        int now = (closed == null ? 0 : closed) + 1;
        if (now < copies) {
            closings.put(id, now);
            return false;
        }
        closings.delete(id);
        return true;
    }
}
