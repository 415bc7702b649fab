package io.walkback.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The encoding of Walkback's internal topics and stores: one version byte, then the record as CBOR (RFC 8949,
 * Jackson's binary JSON), with times as numbers. The JSON contract is for the external topics only; inside, the
 * same records cost about half as much to write and read. The version byte lets a later format read this one: a
 * reader refuses a version it does not know rather than misreading it.
 */
public final class BinarySerde<T> implements Serde<T> {

    /** The format this class writes. */
    public static final byte VERSION = 1;

    private static final ObjectMapper MAPPER = CBORMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("walkback-binary-times")
                    .addSerializer(Instant.class, new InstantAsNanos())
                    .addDeserializer(Instant.class, new InstantFromNanos())
                    .addSerializer(Duration.class, new DurationAsNanos())
                    .addDeserializer(Duration.class, new DurationFromNanos()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String name;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private BinarySerde(Class<T> type) {
        this.name = type.getSimpleName();
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
    }

    public static <T> BinarySerde<T> of(Class<T> type) {
        return new BinarySerde<>(type);
    }

    public byte[] write(T value) {
        if (value == null) {
            return null;
        }
        try {
            byte[] body = writer.writeValueAsBytes(value);
            byte[] framed = new byte[body.length + 1];
            framed[0] = VERSION;
            System.arraycopy(body, 0, framed, 1, body.length);
            return framed;
        } catch (IOException e) {
            throw new SerializationException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    public T read(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new SerializationException(name + ": unknown internal format version "
                    + (bytes.length == 0 ? "(empty)" : Byte.toString(bytes[0])) + ", expected " + VERSION);
        }
        try {
            return reader.readValue(bytes, 1, bytes.length - 1);
        } catch (IOException e) {
            throw new SerializationException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> read(bytes);
    }

    @Override
    public String toString() {
        return "BinarySerde[" + name + ", v" + VERSION + "]";
    }

    /** Checked times fall between 1970 and now (plus an hour), so epoch nanoseconds fit a long with centuries to spare. */
    private static final class InstantAsNanos extends StdSerializer<Instant> {

        private static final long serialVersionUID = 1L;

        InstantAsNanos() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeNumber(Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000_000L), value.getNano()));
        }
    }

    private static final class InstantFromNanos extends StdDeserializer<Instant> {

        private static final long serialVersionUID = 1L;

        InstantFromNanos() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser in, DeserializationContext context) throws IOException {
            long nanos = in.getLongValue();
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }
    }

    private static final class DurationAsNanos extends StdSerializer<Duration> {

        private static final long serialVersionUID = 1L;

        DurationAsNanos() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeNumber(value.toNanos());
        }
    }

    private static final class DurationFromNanos extends StdDeserializer<Duration> {

        private static final long serialVersionUID = 1L;

        DurationFromNanos() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser in, DeserializationContext context) throws IOException {
            return Duration.ofNanos(in.getLongValue());
        }
    }
}
