package io.walkback.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the claim-status store from the claim-status topic, which is the store's changelog (Kafka Streams restores
 * the store from the topic itself, so every status is written once), and an index of contested claims by time of
 * latest contest, newest first, so that the claims API lists the most recent without a full scan.
 *
 * <p>The store holds each status as the topic does, JSON bytes: a status is put as read, never decoded and encoded
 * again. Of each status only the fields the indexes need are read ({@link IndexFields}); an open or stood status
 * never has a place in the contested index.
 *
 * <p>With a status retention, an announcement's status leaves the store (and the contested index) once stream time
 * passes the close of its window plus the retention: then it is final and old. An expiry index, oldest close first,
 * finds those without a scan. The topic keeps every status, so a restore from it after an unclean stop brings expired
 * ones back: when a task starts, every status in the store that the expiry index lacks is indexed again (one read per
 * status), and the next expiry pass, at most {@link #EXPIRY_EVERY} of stream time later, removes the old ones.
 */
final class StatusKeeper implements Processor<String, byte[], Void, Void> {

    private static final String CONTESTED = ClaimStatus.Status.CONTESTED.wireName();
    /** How often, in stream time, expired statuses are removed (more often when the retention is shorter). */
    static final Duration EXPIRY_EVERY = Duration.ofHours(1);

    private final long openMillis;
    /** Null: statuses are kept forever. */
    private final Duration retention;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> statuses;
    private KeyValueStore<String, String> contestedIndex;
    private KeyValueStore<String, String> expiryIndex;

    /**
     * @param openFor   max lag plus grace: how long after an announcement its window closes
     * @param retention how long a status stays after its window closed, in stream time; null for ever
     */
    StatusKeeper(Duration openFor, Duration retention) {
        this.openMillis = openFor.toMillis();
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.statuses = context.getStateStore(StateNames.CLAIM_STATUS_STORE);
        this.contestedIndex = context.getStateStore(StateNames.CONTESTED_INDEX_STORE);
        this.expiryIndex = context.getStateStore(StateNames.STATUS_EXPIRY_STORE);
        if (retention != null) {
            indexRestoredStatuses();
            Duration every = retention.compareTo(EXPIRY_EVERY) < 0 ? retention : EXPIRY_EVERY;
            context.schedule(every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : every,
                    PunctuationType.STREAM_TIME, this::expireBefore);
        }
    }

    /** Runs after restoration: statuses restored from the topic that the (separately restored) expiry index lacks. */
    private void indexRestoredStatuses() {
        try (KeyValueIterator<String, byte[]> all = statuses.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> status = all.next();
                String key = StoreKeys.expiry(IndexFields.of(status.value).announcedAtMillis() + openMillis, status.key);
                if (expiryIndex.get(key) == null) {
                    expiryIndex.put(key, status.key);
                }
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String id = record.key();
        byte[] json = record.value();
        if (id == null || json == null) {
            return;
        }
        IndexFields after = IndexFields.of(json);
        if (retention != null) {
            // Put again on every change of the same announcement: the same key, and the store is cached.
            expiryIndex.put(StoreKeys.expiry(after.announcedAtMillis() + openMillis, id), id);
        }
        if (!after.contested()) {
            statuses.put(id, json);
            return;
        }
        String key = StoreKeys.contested(after.lastContestedAtMillis(), id);
        // A second contest or later moves the claim in the index: the entry of the one before goes.
        if (after.backtracks() > 1) {
            byte[] previous = statuses.get(id);
            IndexFields before = previous == null ? null : IndexFields.of(previous);
            if (before != null && before.contested()) {
                String beforeKey = StoreKeys.contested(before.lastContestedAtMillis(), id);
                if (!beforeKey.equals(key)) {
                    contestedIndex.delete(beforeKey);
                }
            }
        }
        statuses.put(id, json);
        contestedIndex.put(key, id);
    }

    /** Removes every status whose window closed more than the retention before {@code streamTime}. */
    private void expireBefore(long streamTime) {
        long closedBefore = streamTime - retention.toMillis();
        try (KeyValueIterator<String, String> oldestFirst = expiryIndex.all()) {
            while (oldestFirst.hasNext()) {
                KeyValue<String, String> entry = oldestFirst.next();
                if (StoreKeys.expiryTime(entry.key) >= closedBefore) {
                    return;
                }
                String id = entry.value;
                byte[] status = statuses.get(id);
                if (status != null) {
                    IndexFields fields = IndexFields.of(status);
                    if (fields.contested()) {
                        contestedIndex.delete(StoreKeys.contested(fields.lastContestedAtMillis(), id));
                    }
                    statuses.delete(id);
                }
                expiryIndex.delete(entry.key);
            }
        }
    }

    /**
     * The top-level fields of a status JSON that place it in the indexes, read with a streaming parser that skips the
     * rest (claims and statements are most of a status's bytes).
     */
    record IndexFields(String announcedAt, String status, int backtracks, long lastContestedAtMillis) {

        boolean contested() {
            return CONTESTED.equals(status);
        }

        /** Parsed only when asked: statuses are expired only with a retention. */
        long announcedAtMillis() {
            try {
                return announcedAt == null ? 0 : millis(announcedAt);
            } catch (DateTimeParseException e) {
                throw new SerializationException("claim status unreadable: " + e.getMessage(), e);
            }
        }

        static IndexFields of(byte[] json) {
            String announcedAt = null;
            String status = null;
            Integer backtracks = null;
            Long lastContestedAt = null;
            try (JsonParser parser = Json.mapper().getFactory().createParser(json)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new SerializationException("claim status unreadable: not a JSON object");
                }
                // ClaimStatus writes these fields first (@JsonPropertyOrder), so the parser usually stops early: after
                // the status when it is not contested, after the contest's two fields when it is.
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case "announcedAt" -> announcedAt = value == JsonToken.VALUE_STRING ? parser.getText() : "";
                        case "status" -> status = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                        case "backtracks" -> backtracks = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 0;
                        case "lastContestedAt" -> lastContestedAt = value == JsonToken.VALUE_STRING
                                ? millis(parser.getText()) : 0L;
                        default -> parser.skipChildren();
                    }
                    if (announcedAt != null && status != null
                            && (!CONTESTED.equals(status) || (backtracks != null && lastContestedAt != null))) {
                        break;
                    }
                }
            } catch (IOException | DateTimeParseException e) {
                throw new SerializationException("claim status unreadable: " + e.getMessage(), e);
            }
            String announced = announcedAt == null || announcedAt.isEmpty() ? null : announcedAt;
            return CONTESTED.equals(status)
                    ? new IndexFields(announced, status, backtracks == null ? 0 : backtracks,
                            lastContestedAt == null ? 0 : lastContestedAt)
                    : new IndexFields(announced, status, 0, 0);
        }

        private static long millis(String instant) {
            return Instant.parse(instant).toEpochMilli();
        }
    }
}
