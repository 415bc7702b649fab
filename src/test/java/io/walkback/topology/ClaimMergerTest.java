package io.walkback.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.walkback.contract.ClaimKey;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Match;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The merger on its own, fed changes in orders a single test driver task cannot produce: the copies of an
 * announcement live in different tasks, whose stream times differ, so one copy may close long before another
 * finds a contest.
 */
@DisplayName("A status assembled from the copies of an announcement held in three blocks")
class ClaimMergerTest {

    private static final String ID = "a-truce";
    private final MockProcessorContext<String, ClaimStatus> context = new MockProcessorContext<>();
    private final ClaimMerger merger = new ClaimMerger(TopologyEvents.NONE);
    private KeyValueStore<String, ClaimMerger.Merging> merges;
    private final ClaimStatus opened = ClaimStatus.opened(new ClaimKey("truce", List.of("FRA", "RUS", "UKR")),
            Events.announcement(ID, "2019-03-01T10:00:00Z", "UKR", List.of("RUS", "FRA"), "truce", "agreed"));

    @BeforeEach
    void start() {
        merges = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StateNames.MERGES_STORE), Serdes.String(),
                io.walkback.topology.BinarySerde.of(ClaimMerger.Merging.class)).withLoggingDisabled().build();
        merges.init(context.getStateStoreContext(), merges);
        context.addStateStore(merges);
        merger.init(context);
    }

    private ClaimStatus send(ClaimChange change) {
        merger.process(new Record<>(ID, change, 0L));
        var forwarded = context.forwarded();
        return forwarded.isEmpty() ? null : forwarded.get(forwarded.size() - 1).record().value();
    }

    /** A contest as the copy that found it reports it (its own view of the status is not the merged one). */
    private static ClaimChange contest(ContestedClaim contest) {
        return ClaimChange.contested(ClaimStatus.openedAsIn(contest).contestedBy(contest), contest, 3);
    }

    @Test
    @DisplayName("Two of three copies closed, then a contest from the third block: contested, and it never stands")
    void contestAfterSomeCopiesClosed() {
        send(ClaimChange.opened(opened, 3));
        send(ClaimChange.closed(opened, 3));
        send(ClaimChange.closed(opened, 3));
        assertThat(context.forwarded()).hasSize(1); // only "open": two closings of three decide nothing
        var backtrack = Events.backtrack("b-1", "2019-03-20T00:00:00Z", "RUS", List.of(), "no truce", "never",
                io.walkback.contract.BacktrackKind.DENIAL, null);
        ClaimStatus contested = send(contest(
                ContestedClaim.of(opened, backtrack, new Match(Match.SIMILARITY, 0.6, List.of("truce")))));
        assertThat(contested.status()).isEqualTo(ClaimStatus.Status.CONTESTED);
        send(ClaimChange.closed(opened, 3));
        assertThat(context.forwarded()).hasSize(2);
        assertThat(context.forwarded().get(1).record().value().status()).isEqualTo(ClaimStatus.Status.CONTESTED);
        assertThat(merges.approximateNumEntries()).as("merge state once every copy closed").isZero();
    }

    @Test
    @DisplayName("Uncontested: it stands at the last of its three closings, not before")
    void standsAtLastClosing() {
        send(ClaimChange.opened(opened, 3));
        send(ClaimChange.closed(opened, 3));
        send(ClaimChange.closed(opened, 3));
        assertThat(context.forwarded()).extracting(f -> f.record().value().status())
                .containsExactly(ClaimStatus.Status.OPEN);
        assertThat(merges.get(ID)).as("merge state while a copy is open").isNotNull();
        assertThat(send(ClaimChange.closed(opened, 3)).status()).isEqualTo(ClaimStatus.Status.STOOD);
        assertThat(merges.get(ID)).as("merge state once every copy closed").isNull();
    }

    @Test
    @DisplayName("A contest that arrives before the home block reported the announcement made still counts")
    void contestBeforeOpened() {
        var backtrack = Events.backtrack("b-1", "2019-03-02T00:00:00Z", "RUS", List.of(), "no truce", "never",
                io.walkback.contract.BacktrackKind.DENIAL, null);
        send(contest(ContestedClaim.of(opened, backtrack, Match.claimKey())));
        send(ClaimChange.opened(opened, 3));
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().value().backtracks()).isEqualTo(1);
    }
}
