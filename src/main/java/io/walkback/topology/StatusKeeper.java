package io.walkback.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the claim-status store from the claim-status topic, which is the store's changelog (Kafka Streams restores
 * the store from the topic itself, so every status is written once), and an index of contested claims by time of
 * latest contest, newest first, so that the claims API lists the most recent without a full scan.
 *
 * <p>The store holds each status as the topic does, JSON bytes: a status is put as read, never decoded and encoded
 * again. Of each status only the three fields the index needs are read ({@link IndexFields}); an open or stood
 * status never has a place in the index.
 */
final class StatusKeeper implements Processor<String, byte[], Void, Void> {

    private static final String CONTESTED = ClaimStatus.Status.CONTESTED.wireName();

    private KeyValueStore<String, byte[]> statuses;
    private KeyValueStore<String, String> contestedIndex;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.statuses = context.getStateStore(StateNames.CLAIM_STATUS_STORE);
        this.contestedIndex = context.getStateStore(StateNames.CONTESTED_INDEX_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String id = record.key();
        byte[] json = record.value();
        if (id == null || json == null) {
            return;
        }
        IndexFields after = IndexFields.of(json);
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

    /**
     * The top-level fields of a status JSON that place it in the index, read with a streaming parser that skips the
     * rest (claims and statements are most of a status's bytes).
     */
    record IndexFields(String status, int backtracks, long lastContestedAtMillis) {

        boolean contested() {
            return CONTESTED.equals(status);
        }

        static IndexFields of(byte[] json) {
            String status = null;
            int backtracks = 0;
            long lastContestedAt = 0;
            try (JsonParser parser = Json.mapper().getFactory().createParser(json)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new SerializationException("claim status unreadable: not a JSON object");
                }
                int found = 0;
                // ClaimStatus writes these three first (@JsonPropertyOrder), so the parser usually stops early:
                // after the status when it is not contested, after the third field when it is.
                while (found < 3 && parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case "status" -> {
                            status = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                            found = CONTESTED.equals(status) ? found + 1 : 3;
                        }
                        case "backtracks" -> {
                            backtracks = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 0;
                            found++;
                        }
                        case "lastContestedAt" -> {
                            lastContestedAt = value == JsonToken.VALUE_STRING
                                    ? Instant.parse(parser.getText()).toEpochMilli() : 0;
                            found++;
                        }
                        default -> parser.skipChildren();
                    }
                }
            } catch (IOException | DateTimeParseException e) {
                throw new SerializationException("claim status unreadable: " + e.getMessage(), e);
            }
            return CONTESTED.equals(status) ? new IndexFields(status, backtracks, lastContestedAt)
                    : new IndexFields(status, 0, 0);
        }
    }
}
