package io.walkback.contract;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes instants of years 1000 to 9999 at whole-millisecond precision as {@code DateTimeFormatter.ISO_INSTANT}
 * does ({@code 2014-10-14T18:30:00Z}, {@code 2014-10-14T18:30:00.250Z}) without going through it: formatting
 * instants was a quarter of the time spent writing statuses and contested claims. Any other instant goes to
 * Jackson's own {@link InstantSerializer}, so the text written is the same for every value.
 */
final class FastInstantSerializer extends StdScalarSerializer<Instant> {

    private static final long serialVersionUID = 1L;
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long FIRST_SECOND = LocalDate.of(1000, 1, 1).toEpochDay() * SECONDS_PER_DAY;
    private static final long END_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * SECONDS_PER_DAY;

    FastInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        String text = format(value);
        if (text != null) {
            generator.writeString(text);
        } else {
            InstantSerializer.INSTANCE.serialize(value, generator, provider);
        }
    }

    /** The ISO-8601 text of {@code instant}, or null when it is outside the fast path's range or precision. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        if (seconds < FIRST_SECOND || seconds >= END_SECOND || nanos % 1_000_000 != 0) {
            return null;
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        char[] out = new char[nanos == 0 ? 20 : 24];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3_600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        if (nanos != 0) {
            out[19] = '.';
            put(out, 20, nanos / 1_000_000, 3);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
