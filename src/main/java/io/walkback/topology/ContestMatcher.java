package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimKey;
import io.walkback.model.ContestedClaim;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Pairs announcements with the backtracks that contest them, per claim key. A backtrack reported at
 * {@code t} contests an announcement made in {@code [t - maxLag, t]}; whichever of the two arrives second
 * finds the first in its window store.
 *
 * <p>An announcement's window closes once stream time passes {@code announcedAt + maxLag + grace}: then
 * its verdict is final (contested, or stood) and no later record changes it. A record that can only join
 * closed windows is dropped and counted as late. Up to that point order does not matter, so records
 * that trail stream time (another partition ran ahead, a producer retried) still match.
 *
 * <p>Both window stores keep records for {@code maxLag + grace}, so state is bounded by the window, not
 * by the length of the feed. The same announcement or backtrack sent twice is recognised in its store
 * (same claim key, time and id) and ignored, so each pair is reported once.
 *
 * <p>Forwards {@link ClaimEvent}s keyed by announcement id.
 */
final class ContestMatcher implements Processor<String, ClaimInput, String, ClaimEvent> {

    private final ClaimKeys claimKeys;
    private final long maxLagMillis;
    private final long openMillis;
    private final TopologyEvents events;
    private ProcessorContext<String, ClaimEvent> context;
    private WindowStore<String, Announcement> announcements;
    private WindowStore<String, Backtrack> backtracks;
    private KeyValueStore<String, String> closings;
    /**
     * The closings store's entries, in time order, scanned on every closing: a range over the store would
     * copy its keys each time. The store keeps them across restarts (its changelog); this copy is rebuilt
     * from it in {@link #init}, which runs once the store is restored.
     */
    private final TreeMap<String, String> pendingClosings = new TreeMap<>();
    private LateDrops late;

    ContestMatcher(ClaimKeys claimKeys, TopologySettings settings, TopologyEvents events) {
        this.claimKeys = claimKeys;
        this.maxLagMillis = settings.maxLag().toMillis();
        this.openMillis = settings.maxLag().plus(settings.grace()).toMillis();
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, ClaimEvent> context) {
        this.context = context;
        this.announcements = context.getStateStore(WalkbackTopology.ANNOUNCEMENTS_STORE);
        this.backtracks = context.getStateStore(WalkbackTopology.BACKTRACKS_STORE);
        this.closings = context.getStateStore(WalkbackTopology.CLOSINGS_STORE);
        this.late = new LateDrops(context, events, "announcements", "backtracks");
        pendingClosings.clear();
        try (KeyValueIterator<String, String> stored = closings.all()) {
            stored.forEachRemaining(entry -> pendingClosings.put(entry.key, entry.value));
        }
    }

    @Override
    public void process(Record<String, ClaimInput> record) {
        long streamTime = context.currentStreamTimeMs();
        closeWindowsBefore(streamTime);
        if (record.value().announcement() != null) {
            onAnnouncement(record.key(), record.value().announcement(), streamTime);
        } else {
            onBacktrack(record.key(), record.value().backtrack(), streamTime);
        }
    }

    private void onAnnouncement(String key, Announcement announcement, long streamTime) {
        long announcedAt = announcement.announcedAt().toEpochMilli();
        long closesAt = announcedAt + openMillis;
        if (closesAt < streamTime) {
            late.drop("announcements", announcedAt, closesAt);
            return;
        }
        if (holds(announcements, key, announcedAt, announcement.id(), Announcement::id)) {
            return;
        }
        announcements.put(key, announcement, announcedAt);
        String closingKey = ClosingKey.of(closesAt, announcement.id());
        closings.put(closingKey, announcement.id());
        pendingClosings.put(closingKey, announcement.id());

        ClaimKey claimKey = claimKeys.of(announcement);
        context.forward(new Record<>(announcement.id(), ClaimEvent.opened(claimKey, announcement), announcedAt));
        try (WindowStoreIterator<Backtrack> reported = backtracks.fetch(key, announcedAt, announcedAt + maxLagMillis)) {
            while (reported.hasNext()) {
                Backtrack backtrack = reported.next().value;
                if (contests(backtrack, announcement)) {
                    forwardContest(claimKey, announcement, backtrack);
                }
            }
        }
    }

    private void onBacktrack(String key, Backtrack backtrack, long streamTime) {
        long reportedAt = backtrack.reportedAt().toEpochMilli();
        // The latest announcement it can contest was made at reportedAt; that window closes last.
        long lastClosing = reportedAt + openMillis;
        if (lastClosing < streamTime) {
            late.drop("backtracks", reportedAt, lastClosing);
            return;
        }
        if (holds(backtracks, key, reportedAt, backtrack.id(), Backtrack::id)) {
            return;
        }
        backtracks.put(key, backtrack, reportedAt);

        ClaimKey claimKey = null;
        try (WindowStoreIterator<Announcement> made = announcements.fetch(key, reportedAt - maxLagMillis, reportedAt)) {
            while (made.hasNext()) {
                KeyValue<Long, Announcement> entry = made.next();
                if (entry.key + openMillis >= streamTime && contests(backtrack, entry.value)) {
                    claimKey = claimKey != null ? claimKey : claimKeys.of(entry.value);
                    forwardContest(claimKey, entry.value, backtrack);
                }
            }
        }
    }

    /** Same topic, parties and window: the backtrack contests it, unless it names another announcement. */
    private static boolean contests(Backtrack backtrack, Announcement announcement) {
        return backtrack.refersTo() == null || backtrack.refersTo().equals(announcement.id());
    }

    private void forwardContest(ClaimKey claimKey, Announcement announcement, Backtrack backtrack) {
        ContestedClaim claim = ContestedClaim.of(claimKey, announcement, backtrack);
        context.forward(new Record<>(announcement.id(), ClaimEvent.contested(claim),
                backtrack.reportedAt().toEpochMilli()));
    }

    /** Whether {@code store} already holds a record with this id at this time under this key: a repeat. */
    private static <V> boolean holds(WindowStore<String, V> store, String key, long at, String id,
                                     Function<V, String> idOf) {
        try (WindowStoreIterator<V> same = store.fetch(key, at, at)) {
            while (same.hasNext()) {
                if (idOf.apply(same.next().value).equals(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Reports every announcement whose window closed before {@code streamTime}, earliest first. */
    private void closeWindowsBefore(long streamTime) {
        while (!pendingClosings.isEmpty()) {
            Map.Entry<String, String> first = pendingClosings.firstEntry();
            long closesAt = ClosingKey.time(first.getKey());
            if (closesAt >= streamTime) {
                return;
            }
            pendingClosings.pollFirstEntry();
            closings.delete(first.getKey());
            context.forward(new Record<>(first.getValue(), ClaimEvent.closed(first.getValue()), closesAt));
        }
    }

    /** Keys of the closings store: zero-padded time first, so the store's byte order is time order. */
    static final class ClosingKey {

        private static final int DIGITS = 19;

        private ClosingKey() {
        }

        static String of(long time, String announcementId) {
            String digits = Long.toString(time);
            StringBuilder key = new StringBuilder(DIGITS + 1 + announcementId.length());
            for (int i = digits.length(); i < DIGITS; i++) {
                key.append('0');
            }
            return key.append(digits).append('|').append(announcementId).toString();
        }

        static long time(String key) {
            return Long.parseLong(key, 0, DIGITS, 10);
        }
    }
}
