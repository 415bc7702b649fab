package io.walkback.app.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the temporary directories the embedded broker and the demo create. */
public final class TempDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(TempDirectory.class);

    private TempDirectory() {
    }

    /**
     * Deletes {@code dir} and everything in it. Files may vanish while it walks (a shutdown hook and the
     * main thread can both be cleaning up), so a failed pass is retried.
     */
    public static synchronized void delete(Path dir) {
        for (int attempt = 1; dir != null && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                if (attempt == 3) {
                    LOG.warn("Could not delete {}: {}", dir, e.getMessage());
                    return;
                }
            }
        }
    }
}
