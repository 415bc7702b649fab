package io.walkback.contract;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be used, with a short category for metrics ({@code not-json}, {@code missing-field},
 * {@code invalid-field}, {@code implausible-time}, {@code too-large}, {@code no-value}, {@code wrong-key}) and a one-line
 * message for the dead letter.
 */
public class RejectedRecordException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public static final String NOT_JSON = "not-json";
    public static final String MISSING_FIELD = "missing-field";
    public static final String INVALID_FIELD = "invalid-field";
    public static final String IMPLAUSIBLE_TIME = "implausible-time";
    public static final String TOO_LARGE = "too-large";
    public static final String NO_VALUE = "no-value";
    public static final String WRONG_KEY = "wrong-key";

    private final String category;

    public RejectedRecordException(String category, String message) {
        super(message);
        this.category = category;
    }

    public String category() {
        return category;
    }
}
