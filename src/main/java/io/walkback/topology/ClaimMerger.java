package io.walkback.topology;

import io.walkback.contract.ClaimStatus;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Assembles the status of an announcement held in several blocks (similarity matching, one copy per party) from the
 * {@link ClaimChange}s of all its copies, and forwards it, keyed by announcement id, for the status topic. It stood
 * once every copy reported its window closed and none reported a contest: a copy reports its contests before its
 * closing, in one partition's order, so no contest can follow the last closing.
 *
 * <p>The merge store holds an announcement only while a copy is open, and then only what the copies' own changes do
 * not carry: how many copies closed, and the merged status once contested. The open status needs no keeping: every
 * change repeats the announcement's fields (a closing carries its copy's status, a contest the whole announcement).
 * Changes may arrive in any order across copies (a contest found in one block before the home block reported the
 * announcement made): an announcement already contested is not reported open again.
 */
final class ClaimMerger implements Processor<String, ClaimChange, String, ClaimStatus> {

    /**
     * What is merged so far: how many copies closed, and the status once contested (null while none contested).
     */
    record Merging(ClaimStatus contested, int closed) {
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
        ClaimStatus contested = before == null ? null : before.contested();
        int closed = before == null ? 0 : before.closed();
        switch (change.kind()) {
            case OPENED -> {
                if (contested == null) {
                    context.forward(record.withValue(change.status()));
                }
            }
            case CONTESTED -> {
                ClaimStatus now = (contested != null ? contested : ClaimStatus.openedAsIn(change.contest()))
                        .contestedBy(change.contest());
                merges.put(id, new Merging(now, closed));
                context.forward(record.withValue(now));
            }
            case CLOSED -> {
                closed++;
                if (closed < change.copies()) {
                    merges.put(id, new Merging(contested, closed));
                } else {
                    merges.put(id, null); // every copy closed: nothing more can change (a delete without reading back)
                    if (contested == null) {
                        events.stood();
                        context.forward(record.withValue(change.status().stood()));
                    }
                }
            }
        }
    }
}
