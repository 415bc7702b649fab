package io.walkback.app.http;

/** The claim stores cannot answer right now (rebalancing, restoring, starting); the message says why. */
public class NotQueryableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotQueryableException(String reason) {
        super(reason);
    }
}
