package io.walkback.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Remembers, in the state directory, whether the last processor of an application stopped cleanly.
 *
 * <p>With transactional state stores ({@code enable.transactional.statestores=true}) a crash leaves committed data
 * only, and the marker only makes the restart say what happened. Without them (the default, see the README's
 * "Guarantees" for why): Kafka Streams 4.4 keeps each RocksDB store's status inside the store. A store left open by a
 * crash (kill -9, OOM kill, power loss) fails to reopen under exactly-once; the task is then marked
 * corrupted, but the half-opened RocksDB instance keeps its LOCK file, so every retry in the same JVM
 * fails with "lock hold by current process" and the stream thread dies again and again (seen in the
 * crash test). Starting with empty local state after a crash avoids that path: the stores are rebuilt
 * from their changelogs, which is what exactly-once does with uncommitted local data anyway.
 */
final class CleanShutdownMarker {

    private final Path marker;

    CleanShutdownMarker(Path stateDir, String applicationId) {
        this.marker = stateDir.resolve(".walkback-" + applicationId + ".running");
    }

    /** True when a processor of this application started on this state directory and never stopped cleanly. */
    boolean previousRunCrashed() {
        return Files.exists(marker);
    }

    void running() {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "Walkback started; removed on a clean stop\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker + " (state.dir must be writable)", e);
        }
    }

    void stoppedCleanly() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + marker, e);
        }
    }

    Path path() {
        return marker;
    }
}
