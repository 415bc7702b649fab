package io.walkback.contract;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A JSON serde for one record type. A value that cannot be read, breaks the contract or fails the extra
 * {@code check} becomes a {@link SerializationException} whose message is a one-line reason: Kafka
 * Streams' deserialization handler then dead-letters the original bytes with that reason.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final String name;
    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final Consumer<T> check;

    private JsonSerde(Class<T> type, Consumer<T> check) {
        this.name = type.getSimpleName();
        // Readers and writers are built once: Jackson's per-call lookup is measurable on the hot path.
        this.reader = Json.mapper().readerFor(type);
        this.writer = Json.mapper().writerFor(type);
        this.check = check;
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type, value -> { });
    }

    /**
     * A serde whose deserializer also checks a record's event time: {@code eventTimeCheck} throws
     * {@link InvalidEventException} for a time out of bounds, and the record is rejected as implausible-time.
     */
    public static <T> JsonSerde<T> of(Class<T> type, Consumer<T> eventTimeCheck) {
        return new JsonSerde<>(type, eventTimeCheck);
    }

    public T read(byte[] bytes) {
        if (bytes == null) {
            throw rejected(RejectedRecordException.NO_VALUE, "record has no value (null or tombstone)");
        }
        if (bytes.length == 0) {
            throw rejected(RejectedRecordException.NO_VALUE, "record value is empty");
        }
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw rejected(categoryOf(e), reasonFor(e));
        }
        if (value == null) {
            throw rejected(RejectedRecordException.NO_VALUE, "value is JSON null");
        }
        try {
            check.accept(value);
        } catch (InvalidEventException e) {
            throw rejected(RejectedRecordException.IMPLAUSIBLE_TIME, e.getMessage());
        }
        return value;
    }

    public byte[] write(T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + name + ": " + e.getOriginalMessage(), e);
        }
    }

    private RejectedRecordException rejected(String category, String reason) {
        return new RejectedRecordException(category, name + " rejected: " + reason);
    }

    private static String categoryOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException) {
                return cause.getMessage().startsWith("missing required field")
                        ? RejectedRecordException.MISSING_FIELD : RejectedRecordException.INVALID_FIELD;
            }
            if (cause instanceof StreamConstraintsException) {
                return RejectedRecordException.TOO_LARGE;
            }
            if (cause instanceof JsonParseException || cause instanceof CharConversionException) {
                return RejectedRecordException.NOT_JSON;
            }
        }
        return error instanceof JsonMappingException ? RejectedRecordException.INVALID_FIELD : RejectedRecordException.NOT_JSON;
    }

    /** The contract violation if there is one, else Jackson's own message, on one line and without source excerpts. */
    public static String reasonFor(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidEventException) {
                return cause.getMessage();
            }
        }
        String message = error instanceof JacksonException jackson ? jackson.getOriginalMessage() : error.getMessage();
        String expected = error instanceof MismatchedInputException mismatch ? expectedForm(mismatch.getTargetType()) : null;
        if (expected != null) {
            // Jackson's own words name Java types and parser exceptions; a producer needs the form the contract wants.
            message = "expected " + expected + (error instanceof InvalidFormatException format
                    ? ", got '" + format.getValue() + "'" : "");
        }
        if (error instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            message = "field '" + field + "': " + message;
        } else if (error instanceof JacksonException jackson && jackson.getLocation() != null) {
            message = message + " (at byte " + jackson.getLocation().getByteOffset() + ")";
        }
        return firstLine(message);
    }

    /** The contract's words for the JSON a field of {@code type} takes, where Jackson's would name Java types. */
    private static String expectedForm(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2014-10-14T18:30:00Z or 2014-10-14T21:30:00+03:00";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array of strings";
        }
        if (type == String.class) {
            return "a string";
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> read(bytes);
    }
}
