package io.walkback.contract;

/** An event that breaks the contract; its message is the reason recorded with the dead letter. */
public class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        super(reason);
    }
}
