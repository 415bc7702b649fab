package io.walkback.replay;

/** A feed, or a file that says how to read one, that cannot be used; the message is one line naming the file. */
public class FeedProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FeedProblem(String message) {
        super(message);
    }
}
