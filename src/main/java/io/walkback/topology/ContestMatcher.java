package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimStatus;
import io.walkback.model.ContestedClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
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
 * <p>The open-claims store holds, for every announcement whose window is open, its current
 * {@link ClaimStatus}, under its claim key and id at its announcement time (and, for a minute after its
 * window closed, its final one); the backtracks store holds backtracks. Both keep records for the window
 * only, so state is bounded by configuration, not by the length of the feed, and every status change is
 * computed here from state that small: the status store, which keeps every announcement ever made, is
 * only written. The same announcement sent twice (same id and time) is recognised by its pending
 * closing, the same backtrack twice (same claim key, time and id) in its store; repeats are ignored, so
 * each pair is reported once.
 *
 * <p>Forwards {@link ClaimEvent}s keyed by announcement id.
 */
final class ContestMatcher implements Processor<String, ClaimInput, String, ClaimEvent> {

    private final long maxLagMillis;
    private final long openMillis;
    private final TopologyEvents events;
    private final ClaimKeys claimKeys;
    private ProcessorContext<String, ClaimEvent> context;
    private WindowStore<String, ClaimStatus> openClaims;
    private WindowStore<String, Backtrack> backtracks;
    /**
     * The windows not closed yet, in closing order, checked on every record. Kept in memory only: it is
     * rebuilt from the open-claims store in {@link #init}, which runs once the stores are restored, so it
     * needs no changelog of its own.
     */
    private final TreeMap<String, PendingClosing> pendingClosings = new TreeMap<>();
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
        this.openClaims = context.getStateStore(WalkbackTopology.OPEN_CLAIMS_STORE);
        this.backtracks = context.getStateStore(WalkbackTopology.BACKTRACKS_STORE);
        this.late = new LateDrops(context, events, "announcements", "backtracks");
        pendingClosings.clear();
        try (KeyValueIterator<Windowed<String>, ClaimStatus> held = openClaims.all()) {
            while (held.hasNext()) {
                KeyValue<Windowed<String>, ClaimStatus> entry = held.next();
                ClaimStatus status = entry.value;
                if (status.status() != ClaimStatus.Status.STOOD) {
                    long announcedAt = entry.key.window().start();
                    pendingClosings.put(ClosingKey.of(announcedAt + openMillis, status.announcementId()),
                            PendingClosing.of(status, announcedAt, OpenClaimKey.claimKeyOf(entry.key.key())));
                }
            }
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
        String closingKey = ClosingKey.of(closesAt, announcement.id());
        if (pendingClosings.containsKey(closingKey)) {
            return;
        }
        ClaimStatus status = ClaimStatus.opened(claimKeys.of(announcement), announcement);
        context.forward(new Record<>(announcement.id(), ClaimEvent.opened(status), announcedAt));
        try (WindowStoreIterator<Backtrack> reported = backtracks.fetch(key, announcedAt, announcedAt + maxLagMillis)) {
            while (reported.hasNext()) {
                Backtrack backtrack = reported.next().value;
                if (contests(backtrack, status)) {
                    status = forwardContest(status, backtrack);
                }
            }
        }
        openClaims.put(OpenClaimKey.of(key, announcement.id()), status, announcedAt);
        pendingClosings.put(closingKey, PendingClosing.of(status, announcedAt, key));
    }

    private void onBacktrack(String key, Backtrack backtrack, long streamTime) {
        long reportedAt = backtrack.reportedAt().toEpochMilli();
        // The latest announcement it can contest was made at reportedAt; that window closes last.
        long lastClosing = reportedAt + openMillis;
        if (lastClosing < streamTime) {
            late.drop("backtracks", reportedAt, lastClosing);
            return;
        }
        if (holds(key, reportedAt, backtrack.id())) {
            return;
        }
        backtracks.put(key, backtrack, reportedAt);

        List<KeyValue<Windowed<String>, ClaimStatus>> contested = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, ClaimStatus> made = openClaims.fetch(OpenClaimKey.first(key),
                OpenClaimKey.last(key), reportedAt - maxLagMillis, reportedAt)) {
            while (made.hasNext()) {
                KeyValue<Windowed<String>, ClaimStatus> entry = made.next();
                if (entry.key.window().start() + openMillis >= streamTime && contests(backtrack, entry.value)) {
                    contested.add(entry);
                }
            }
        }
        for (KeyValue<Windowed<String>, ClaimStatus> entry : contested) {
            long announcedAt = entry.key.window().start();
            ClaimStatus status = forwardContest(entry.value, backtrack);
            openClaims.put(entry.key.key(), status, announcedAt);
            String closingKey = ClosingKey.of(announcedAt + openMillis, status.announcementId());
            pendingClosings.computeIfPresent(closingKey, (closing, pending) -> pending.markContested());
        }
    }

    /** Same topic, parties and window: the backtrack contests it, unless it names another announcement. */
    private static boolean contests(Backtrack backtrack, ClaimStatus claim) {
        return backtrack.refersTo() == null || backtrack.refersTo().equals(claim.announcementId());
    }

    /** Forwards the contest and the status change it makes; returns the new status. */
    private ClaimStatus forwardContest(ClaimStatus status, Backtrack backtrack) {
        ClaimEvent event = ClaimEvent.contested(status, ContestedClaim.of(status, backtrack));
        context.forward(new Record<>(status.announcementId(), event, backtrack.reportedAt().toEpochMilli()));
        return event.after();
    }

    /** Whether the backtracks store already holds one with this id at this time under this key: a repeat. */
    private boolean holds(String key, long at, String id) {
        try (WindowStoreIterator<Backtrack> same = backtracks.fetch(key, at, at)) {
            while (same.hasNext()) {
                if (same.next().value.id().equals(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Closes every window that closed before {@code streamTime}, earliest first. A contested claim's
     * status is already final; an uncontested one has stood.
     */
    private void closeWindowsBefore(long streamTime) {
        while (!pendingClosings.isEmpty()) {
            Map.Entry<String, PendingClosing> first = pendingClosings.firstEntry();
            long closesAt = ClosingKey.time(first.getKey());
            if (closesAt >= streamTime) {
                return;
            }
            pendingClosings.pollFirstEntry();
            PendingClosing pending = first.getValue();
            if (!pending.contested()) {
                String id = ClosingKey.announcementId(first.getKey());
                String openClaimKey = OpenClaimKey.of(pending.claimKey(), id);
                // Still held: the store has not seen a record past closesAt yet (see OPEN_CLAIMS_STORE).
                ClaimStatus status = openClaims.fetch(openClaimKey, pending.announcedAt());
                if (status != null) {
                    ClaimEvent stood = ClaimEvent.stood(status);
                    // Written back so that a restart does not find it open and close it again.
                    openClaims.put(openClaimKey, stood.after(), pending.announcedAt());
                    context.forward(new Record<>(id, stood, closesAt));
                }
            }
        }
    }

    /**
     * Keys of the open-claims store: claim key, a NUL, announcement id. Every key of one claim key falls
     * between {@link #first} and {@link #last} (NUL is below any byte of an id, and SOH above NUL), so one
     * key-range fetch finds them.
     */
    static final class OpenClaimKey {

        private OpenClaimKey() {
        }

        static String of(String claimKey, String announcementId) {
            return claimKey + '\u0000' + announcementId;
        }

        static String first(String claimKey) {
            return claimKey + '\u0000';
        }

        static String last(String claimKey) {
            return claimKey + '\u0001';
        }

        static String claimKeyOf(String openClaimKey) {
            return openClaimKey.substring(0, openClaimKey.indexOf('\u0000'));
        }
    }

    /** A window not closed yet: whether it was contested, and where its status is held. */
    record PendingClosing(boolean contested, long announcedAt, String claimKey) {

        static PendingClosing of(ClaimStatus status, long announcedAt, String claimKey) {
            return new PendingClosing(status.status() == ClaimStatus.Status.CONTESTED, announcedAt, claimKey);
        }

        PendingClosing markContested() {
            return new PendingClosing(true, announcedAt, claimKey);
        }
    }

    /** Keys of the pending closings: zero-padded time first, so their order is time order. */
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

        static String announcementId(String key) {
            return key.substring(DIGITS + 1);
        }
    }
}
