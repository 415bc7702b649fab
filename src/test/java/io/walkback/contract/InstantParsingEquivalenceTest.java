package io.walkback.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Walkback reads instants with a fast path (no DateTimeFormatter) for the common UTC form; this checks it
 * against Jackson's own reader on the same text: the same instant, or the same error.
 */
@DisplayName("Instants are read and written exactly as Jackson's JavaTimeModule does, fast path or not")
class InstantParsingEquivalenceTest {

    record Stamp(Instant at) {
    }

    private static final ObjectMapper REFERENCE = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @Test
    @DisplayName("Instants are written as Jackson's JavaTimeModule writes them: seconds, millis, nanos, any year")
    void sameText() throws Exception {
        SplittableRandom random = new SplittableRandom(13);
        List<Instant> instants = new ArrayList<>(List.of(Instant.parse("2014-10-14T18:30:00Z"),
                Instant.parse("2014-10-14T18:30:00.250Z"), Instant.parse("2014-10-14T18:30:00.001Z"),
                Instant.parse("2014-10-14T18:30:00.000001Z"), Instant.parse("1000-01-01T00:00:00Z"),
                Instant.parse("0999-12-31T23:59:59Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("1969-12-31T23:59:59Z"), Instant.EPOCH, Instant.MIN, Instant.MAX));
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-62_135_596_800L, 253_402_300_799L);
            int nanos = switch (random.nextInt(3)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(second, nanos));
        }
        for (Instant instant : instants) {
            assertThat(Json.mapper().writeValueAsString(new Stamp(instant)))
                    .as(instant.toString()).isEqualTo(REFERENCE.writeValueAsString(new Stamp(instant)));
        }
    }

    @Test
    @DisplayName("Valid UTC instants with 0 to 9 fraction digits, offsets, numbers and malformed text agree")
    void sameInstantOrSameError() {
        SplittableRandom random = new SplittableRandom(11);
        List<String> texts = new ArrayList<>(List.of("2014-10-14T18:30:00Z", "2014-10-14T18:30:00.5Z",
                "2014-10-14T18:30:00.123456789Z", "2014-10-14T18:30:00.1234567891Z", "2014-10-14T18:30:00+03:00",
                "2014-10-14T18:30:00.000Z", "2016-02-29T00:00:00Z", "2015-02-29T00:00:00Z", "2014-13-01T00:00:00Z",
                "2014-10-14T24:00:00Z", "2014-10-14T23:60:00Z", "2014-12-31T23:59:60Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59Z", "2014-10-14 18:30:00Z", "2014-10-14T18:30Z",
                "2014-10-14T18:30:00z", "2014-10-14T18:30:00.Z", " 2014-10-14T18:30:00Z", "2014-10-14T18:30:00Z ",
                "+12345-01-01T00:00:00Z", "-2014-10-14T18:30:00Z", "2014-1a-14T18:30:00Z", "1413311400", "", "x"));
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_799L),
                    random.nextInt(1_000_000_000));
            String text = instant.toString();
            int digits = random.nextInt(10);
            int dot = text.indexOf('.');
            String whole = dot < 0 ? text.substring(0, text.length() - 1) : text.substring(0, dot);
            String nanos = String.format("%09d", instant.getNano());
            texts.add(whole + (digits == 0 ? "" : "." + nanos.substring(0, digits)) + "Z");
            texts.add(mutate(text, random));
        }
        for (String text : texts) {
            String json = "{\"at\":\"" + text + "\"}";
            assertThat(read(Json.mapper(), json)).as(text).isEqualTo(read(REFERENCE, json));
        }
        assertThat(read(Json.mapper(), "{\"at\":1413311400}")).isEqualTo(read(REFERENCE, "{\"at\":1413311400}"));
    }

    private static String mutate(String text, SplittableRandom random) {
        char[] chars = text.toCharArray();
        chars[random.nextInt(chars.length)] = "0123456789-:TZ.+x ".charAt(random.nextInt(18));
        return new String(chars);
    }

    private static String read(ObjectMapper mapper, String json) {
        try {
            return String.valueOf(mapper.readValue(json, Stamp.class).at());
        } catch (Exception e) {
            return "error: " + e.getClass().getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse("");
        }
    }
}
