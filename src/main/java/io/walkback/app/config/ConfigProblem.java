package io.walkback.app.config;

/** A configuration value Walkback cannot use; the message is one line naming the key and what is expected. */
public class ConfigProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigProblem(String message) {
        super(message);
    }

    public static ConfigProblem of(String key, String expected, String actual) {
        return new ConfigProblem(key + ": expected " + expected + ", got '" + actual + "'");
    }
}
