package io.walkback.topology;

import io.walkback.contract.ClaimKeys;
import io.walkback.contract.InputKeys;
import io.walkback.contract.RejectedRecordException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * Which matching blocks a record goes to. In exact matching a block is a claim key: only records with the same
 * topic and parties can match. In similarity matching a block is a party: an announcement goes to the block of
 * each of its parties (actor and counterparts), a backtrack to its actor's, so a backtrack meets every
 * announcement its actor took part in, and each announcement-backtrack pair meets in exactly one block.
 */
final class MatchBlocks {

    private final ClaimKeys claimKeys;
    private final boolean byParty;
    /** Set when inputs are read without a repartition: then each record's key must be the one {@link InputKeys} gives. */
    private final InputKeys requiredKeys;
    private final TopologyEvents events;

    MatchBlocks(ClaimKeys claimKeys, MatchSettings matching, boolean keyedByBlock, TopologyEvents events) {
        this.claimKeys = claimKeys;
        this.byParty = matching.bySimilarity();
        this.requiredKeys = keyedByBlock ? new InputKeys(claimKeys, byParty) : null;
        this.events = events;
    }

    /**
     * The record under each of its blocks; the first copy is its home. When inputs are keyed by block, a record keyed
     * otherwise could sit in a partition where its partner never comes: it is refused, for the dead-letter topic.
     */
    List<KeyValue<String, ClaimInput>> copiesOf(String key, ClaimInput input) {
        if (requiredKeys != null) {
            String expected = input.announcement() != null ? requiredKeys.of(input.announcement())
                    : requiredKeys.of(input.backtrack());
            if (!expected.equals(key)) {
                String stream = input.announcement() != null ? "announcements" : "backtracks";
                events.deadLettered(stream, RejectedRecordException.WRONG_KEY);
                throw new RejectedRecordException(RejectedRecordException.WRONG_KEY, "record key "
                        + (key == null ? "null" : "'" + key + "'")
                        + " is not its matching block '" + expected + "' (walkback.inputs.keyed-by-block=true)");
            }
        }
        List<String> blocks = blocksOf(input);
        List<KeyValue<String, ClaimInput>> copies = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            copies.add(KeyValue.pair(blocks.get(i), blocks.size() == 1 ? input : input.copy(blocks.size(), i == 0)));
        }
        return copies;
    }

    List<String> blocksOf(ClaimInput input) {
        if (!byParty) {
            var key = input.announcement() != null ? claimKeys.of(input.announcement()) : claimKeys.of(input.backtrack());
            return List.of(key.asString());
        }
        if (input.backtrack() != null) {
            return List.of(ClaimKeys.party(input.backtrack().actor()));
        }
        // The announcing party's block first: the home copy. The key's parties are normalized and distinct.
        String actor = ClaimKeys.party(input.announcement().actor());
        List<String> blocks = new ArrayList<>();
        blocks.add(actor);
        for (String party : claimKeys.of(input.announcement()).parties()) {
            if (!party.equals(actor)) {
                blocks.add(party);
            }
        }
        return blocks;
    }
}
