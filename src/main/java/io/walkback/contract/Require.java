package io.walkback.contract;

import java.util.List;

/** Field checks shared by the event records; each failure names the field, so the dead letter says why. */
final class Require {
    private Require() {
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
        return value;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidEventException("missing required field '" + field + "'");
        }
        return value;
    }

    static List<String> names(List<String> values, String field) {
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new InvalidEventException("field '" + field + "' contains an empty entry");
            }
        }
        return List.copyOf(values);
    }
}
