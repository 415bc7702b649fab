package io.walkback.app.http;

import io.walkback.contract.ClaimStatus;
import io.walkback.contract.JsonSerde;
import io.walkback.topology.StateNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on this instance's claim-status stores, which are partitioned by announcement id. A
 * lookup by id asks every local partition (the store facade does), which is as cheap as routing it here.
 */
public final class ClaimStore {

    private static final JsonSerde<ClaimStatus> STATUS_JSON = JsonSerde.of(ClaimStatus.class);

    private final KafkaStreams streams;
    /** The claim-status topic: its partitions are the status stores' (the topic is their changelog). */
    private final String statusTopic;

    public ClaimStore(KafkaStreams streams, String statusTopic) {
        this.streams = streams;
        this.statusTopic = statusTopic;
    }

    public Optional<ClaimStatus> find(String announcementId) {
        requireRunning();
        try {
            return Optional.ofNullable(decode(statuses().get(announcementId)));
        } catch (InvalidStateStoreException e) {
            throw new NotQueryableException("claim status store not queryable: " + e.getMessage());
        }
    }

    /**
     * Up to {@code limit} contested claims held here, most recently contested first, with texts cut
     * ({@link ShortTexts}): each is cut as it is read, so a list never holds many full claims at once.
     */
    public List<ClaimStatus> recentlyContested(int limit) {
        requireRunning();
        List<ClaimStatus> recent = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> statuses = statuses();
            for (int partition : localPartitions()) {
                ReadOnlyKeyValueStore<String, String> index = streams.store(StoreQueryParameters
                        .fromNameAndType(StateNames.CONTESTED_INDEX_STORE, QueryableStoreTypes.<String, String>keyValueStore())
                        .withPartition(partition));
                try (KeyValueIterator<String, String> newestFirst = index.all()) {
                    for (int taken = 0; taken < limit && newestFirst.hasNext(); taken++) {
                        ClaimStatus status = decode(statuses.get(newestFirst.next().value));
                        if (status != null) {
                            recent.add(ShortTexts.of(status));
                        }
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new NotQueryableException("claim stores not queryable: " + e.getMessage());
        }
        recent.sort(Comparator.comparing(ClaimStatus::lastContestedAt).reversed()
                .thenComparing(ClaimStatus::announcementId));
        return recent.size() > limit ? List.copyOf(recent.subList(0, limit)) : recent;
    }

    /** The store holds each status as the claim-status topic does: JSON. */
    private static ClaimStatus decode(byte[] json) {
        return json == null ? null : STATUS_JSON.read(json);
    }

    private ReadOnlyKeyValueStore<String, byte[]> statuses() {
        return streams.store(StoreQueryParameters.fromNameAndType(StateNames.CLAIM_STATUS_STORE,
                QueryableStoreTypes.keyValueStore()));
    }

    private Set<Integer> localPartitions() {
        Set<Integer> partitions = new TreeSet<>();
        streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task ->
                task.topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(statusTopic))
                        .forEach(tp -> partitions.add(tp.partition()))));
        return partitions;
    }

    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotQueryableException("Kafka Streams is " + state
                    + (state == KafkaStreams.State.REBALANCING ? " (partitions moving or state restoring); retry shortly" : ""));
        }
    }
}
