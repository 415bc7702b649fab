package io.walkback.replay;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prints how fast {@link GdeltFeed#read} converts GDELT rows (not a test: no timing is asserted anywhere).
 * Run after {@code mvn test-compile}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.walkback.replay.GdeltReadThroughput [FILE...]
 * </pre>
 * with {@code cp.txt} from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}. Without
 * arguments it reads the three bundled sample exports. It reads them repeatedly for a warm-up, then
 * times {@code ROUNDS} full reads (each one a fresh call, files re-read from disk, duplicates collapsed).
 */
public final class GdeltReadThroughput {

    private static final int WARM_UP_SECONDS = 5;
    private static final int ROUNDS = 50;

    private GdeltReadThroughput() {
    }

    public static void main(String[] args) {
        List<Path> files = args.length == 0
                ? GdeltFeedTest.SAMPLE.stream().map(GdeltFeedTest::sample).toList()
                : java.util.Arrays.stream(args).map(Path::of).toList();
        CameoMapping mapping = CameoMapping.defaults();

        long warmUpEnd = System.nanoTime() + WARM_UP_SECONDS * 1_000_000_000L;
        Feed feed = GdeltFeed.read(files, mapping);
        while (System.nanoTime() < warmUpEnd) {
            feed = GdeltFeed.read(files, mapping);
        }

        long[] nanos = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            feed = GdeltFeed.read(files, mapping);
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        long rows = feed.linesRead();
        double median = nanos[ROUNDS / 2] / 1e9;
        double best = nanos[0] / 1e9;
        System.out.printf(Locale.ROOT, "%d files, %,d rows -> %,d announcements, %,d backtracks, %,d problems, skipped %s%n",
                files.size(), rows, feed.announcements(), feed.backtracks(), feed.problems().size(), feed.skipped());
        System.out.printf(Locale.ROOT, "read over %d rounds: median %.1f ms (%,.0f rows/s), best %.1f ms (%,.0f rows/s)%n",
                ROUNDS, median * 1e3, rows / median, best * 1e3, rows / best);
    }
}
