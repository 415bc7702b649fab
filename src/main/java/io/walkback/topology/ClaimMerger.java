package io.walkback.topology;

import io.walkback.model.ClaimStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Assembles the status of an announcement held in several blocks (similarity matching, one copy per party) from the
 * {@link ClaimChange}s of all its copies, and forwards it, keyed by announcement id, for the status topic. It stood
 * once every copy reported its window closed and none reported a contest: a copy reports its contests before its
 * closing, in one partition's order, so no contest can follow the last closing. The merge store holds an
 * announcement only while a copy is open, so it is bounded by max lag.
 *
 * <p>Changes may arrive in any order across copies (a contest found in one block before the home block reported
 * the announcement made): a contest carries every field of the announcement.
 */
final class ClaimMerger implements Processor<String, ClaimChange, String, ClaimStatus> {

    /** An announcement's status as merged so far, and how many of its copies have closed. */
    record Merging(ClaimStatus status, int closed) {
    }

    private final TopologyEvents events;
    private ProcessorContext<String, ClaimStatus> context;
    private KeyValueStore<String, Merging> merges;

    ClaimMerger(TopologyEvents events) {
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, ClaimStatus> context) {
        this.context = context;
        this.merges = context.getStateStore(StateNames.MERGES_STORE);
    }

    @Override
    public void process(Record<String, ClaimChange> record) {
        String id = record.key();
        ClaimChange change = record.value();
        Merging before = merges.get(id);
        ClaimStatus was = before == null ? null : before.status();
        int closed = before == null ? 0 : before.closed();
        ClaimStatus now = switch (change.kind()) {
            case OPENED -> was != null ? was : change.status();
            case CONTESTED -> (was != null ? was : ClaimStatus.openedAsIn(change.contest())).contestedBy(change.contest());
            case CLOSED -> was;
        };
        if (change.kind() == ClaimChange.Kind.CLOSED) {
            closed++;
        }
        if (now == null) {
            merges.put(id, new Merging(null, closed)); // closings before the announcement's own record: counted
            return;
        }
        boolean allClosed = closed >= change.copies();
        if (allClosed) {
            merges.delete(id);
            now = now.stood();
        } else {
            merges.put(id, new Merging(now, closed));
        }
        if (!now.equals(was)) {
            if (now.status() == ClaimStatus.Status.STOOD) {
                events.stood();
            }
            context.forward(record.withValue(now));
        }
    }
}
