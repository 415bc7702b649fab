package io.walkback.topology;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import io.walkback.model.ClaimStatus;
import io.walkback.serde.Json;
import io.walkback.serde.JsonSerde;
import java.io.IOException;
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
 * <p>The store holds each status as the topic does, JSON bytes: a status is put as read, not decoded and encoded
 * again. Only a contested status is decoded, for its place in the index; an open or stood one never has one.
 */
final class StatusKeeper implements Processor<String, byte[], Void, Void> {

    private static final ObjectReader STATUS = Json.mapper().readerFor(ClaimStatus.class);
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
        if (!CONTESTED.equals(statusOf(json))) {
            statuses.put(id, json);
            return;
        }
        ClaimStatus after = decode(json);
        // A second contest or later moves the claim in the index: the entry of the one before goes.
        if (after.backtracks() > 1) {
            byte[] previous = statuses.get(id);
            if (previous != null && CONTESTED.equals(statusOf(previous))) {
                String before = ContestedIndex.key(decode(previous));
                if (!before.equals(ContestedIndex.key(after))) {
                    contestedIndex.delete(before);
                }
            }
        }
        statuses.put(id, json);
        contestedIndex.put(ContestedIndex.key(after), id);
    }

    private static ClaimStatus decode(byte[] json) {
        try {
            return STATUS.readValue(json);
        } catch (IOException e) {
            throw new SerializationException("claim status unreadable: " + JsonSerde.reasonFor(e), e);
        }
    }

    /** The top-level {@code status} field, read without decoding the rest; null if absent. */
    static String statusOf(byte[] json) {
        try (JsonParser parser = Json.mapper().getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("status".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new SerializationException("claim status unreadable: " + JsonSerde.reasonFor(e), e);
        }
    }
}
