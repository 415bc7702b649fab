package io.walkback.contract;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/** The one Jackson configuration Walkback reads and writes its events with. */
public final class Json {

    /** Far above any real statement, far below what a hostile record would need to hurt the heap. */
    public static final int MAX_STRING_CHARS = 100_000;
    /** Event records are two levels deep; anything much deeper is an attack, not an event. */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Registered after JavaTimeModule, so it takes precedence for Instant (and falls back to it).
            .addModule(new SimpleModule("walkback-fast-instants")
                    .addDeserializer(Instant.class, new FastInstantDeserializer())
                    .addSerializer(Instant.class, new FastInstantSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Unknown fields are tolerated so producers can add fields (and the feed's "type") freely.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // {"id":"a","id":"b"} means two things at once: refused, not silently read as its last value.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING_CHARS)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
    }

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
