package io.walkback.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a claim was contested. Read case-insensitively, written in lower snake case. */
public enum BacktrackKind {
    DENIAL,
    WALK_BACK,
    RETRACTION,
    CLARIFICATION,
    REVERSAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BacktrackKind fromWire(String text) {
        if (text == null) {
            return null;
        }
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.name().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidEventException(
                        "field 'kind' is '" + text + "', expected one of " + allWireNames()));
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(BacktrackKind::wireName).collect(Collectors.joining(", "));
    }
}
