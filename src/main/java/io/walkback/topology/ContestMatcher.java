package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimStatus;
import io.walkback.model.ContestedClaim;
import io.walkback.model.Match;
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
 * Pairs announcements with the backtracks that contest them, per matching block: the claim key in exact
 * matching; in similarity matching, a party (an announcement sits in the block of each of its parties, a
 * backtrack in its actor's, so every announcement a backtrack's actor took part in is at hand).
 * A backtrack reported at {@code t} can contest an announcement made in {@code [t - maxLag, t]};
 * whichever of the two arrives second finds the first in its window store, and {@link CandidateJudge}
 * decides which of the candidates it contests.
 *
 * <p>An announcement's window closes once stream time passes {@code announcedAt + maxLag + grace}: then
 * this copy's verdict is final and no later record changes it. A record that can only join closed windows
 * is dropped and counted as late. Up to that point order does not matter for which pairs are considered, so
 * records that trail stream time (another partition ran ahead, a producer retried) still match; which
 * similarity candidate is best is decided among those held when the later of the two arrives.
 *
 * <p>The open-claims store holds, for every announcement copy whose window is open, an {@link OpenClaim}
 * under its block and id at its announcement time (and, for a minute after its window closed, its final
 * one); the backtracks store holds backtracks. Both keep records for the window only, so state is bounded
 * by configuration, not by the length of the feed. The same announcement sent twice (same id and time) is
 * recognised by its pending closing, the same backtrack twice (same block, time and id) in its store;
 * repeats are ignored, so each pair is reported once.
 *
 * <p>Forwards {@link ClaimChange}s keyed by announcement id, for the task that keeps each status.
 */
final class ContestMatcher implements Processor<String, ClaimInput, String, ClaimChange> {

    private final long maxLagMillis;
    private final long openMillis;
    private final TopologyEvents events;
    private final ClaimKeys claimKeys;
    private final CandidateJudge judge;
    private ProcessorContext<String, ClaimChange> context;
    private WindowStore<String, OpenClaim> openClaims;
    private WindowStore<String, HeldBacktrack> backtracks;
    /**
     * The windows not closed yet, in closing order, checked on every record. Kept in memory only: it is
     * rebuilt from the open-claims store in {@link #init}, which runs once the stores are restored, so it
     * needs no changelog of its own.
     */
    private final TreeMap<String, PendingClosing> pendingClosings = new TreeMap<>();
    private LateDrops late;

    ContestMatcher(ClaimKeys claimKeys, TopologySettings settings, TopologyEvents events) {
        this.claimKeys = claimKeys;
        this.judge = new CandidateJudge(claimKeys, settings.matching());
        this.maxLagMillis = settings.maxLag().toMillis();
        this.openMillis = settings.maxLag().plus(settings.grace()).toMillis();
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<String, ClaimChange> context) {
        this.context = context;
        this.openClaims = context.getStateStore(WalkbackTopology.OPEN_CLAIMS_STORE);
        this.backtracks = context.getStateStore(WalkbackTopology.BACKTRACKS_STORE);
        this.late = new LateDrops(context, events, "announcements", "backtracks");
        pendingClosings.clear();
        try (KeyValueIterator<Windowed<String>, OpenClaim> held = openClaims.all()) {
            while (held.hasNext()) {
                KeyValue<Windowed<String>, OpenClaim> entry = held.next();
                if (!entry.value.closed()) {
                    long announcedAt = entry.key.window().start();
                    pendingClosings.put(ClosingKey.of(announcedAt + openMillis, entry.key.key()),
                            PendingClosing.of(entry.value, announcedAt));
                }
            }
        }
    }

    @Override
    public void process(Record<String, ClaimInput> record) {
        long streamTime = context.currentStreamTimeMs();
        closeWindowsBefore(streamTime);
        if (record.value().announcement() != null) {
            onAnnouncement(record.key(), record.value(), streamTime);
        } else {
            onBacktrack(record.key(), record.value(), streamTime);
        }
    }

    private void onAnnouncement(String block, ClaimInput input, long streamTime) {
        Announcement announcement = input.announcement();
        long announcedAt = announcement.announcedAt().toEpochMilli();
        long closesAt = announcedAt + openMillis;
        if (closesAt < streamTime) {
            if (input.home()) {
                late.drop("announcements", announcedAt, closesAt);
            }
            return;
        }
        String openClaimKey = OpenClaimKey.of(block, announcement.id());
        String closingKey = ClosingKey.of(closesAt, openClaimKey);
        if (pendingClosings.containsKey(closingKey)) {
            return;
        }
        ClaimStatus opened = ClaimStatus.opened(claimKeys.of(announcement), announcement);
        if (input.home()) {
            context.forward(new Record<>(announcement.id(), ClaimChange.opened(opened), announcedAt));
        }
        OpenClaim claim = new OpenClaim(opened, input.profile(), input.copies(), false);
        try (WindowStoreIterator<HeldBacktrack> reported =
                     backtracks.fetch(block, announcedAt, announcedAt + maxLagMillis)) {
            while (reported.hasNext()) {
                KeyValue<Long, HeldBacktrack> held = reported.next();
                Match match = verdictOnLateAnnouncement(block, claim, held.value, held.key);
                if (match != null) {
                    claim = forwardContest(claim, held.value.backtrack(), match);
                }
            }
        }
        openClaims.put(openClaimKey, claim, announcedAt);
        pendingClosings.put(closingKey, PendingClosing.of(claim, announcedAt));
    }

    /**
     * The verdict on an announcement that arrived after a backtrack it is a candidate for. In similarity
     * matching the backtrack's other candidates count too (is this one the best?); earlier verdicts stand.
     */
    private Match verdictOnLateAnnouncement(String block, OpenClaim claim, HeldBacktrack held, long reportedAt) {
        if (!judgeNeedsRivals(held)) {
            return judge.judge(held, List.of(claim)).get(0);
        }
        List<OpenClaim> candidates = new ArrayList<>();
        candidates.add(claim);
        try (KeyValueIterator<Windowed<String>, OpenClaim> made = openClaims.fetch(OpenClaimKey.first(block),
                OpenClaimKey.last(block), reportedAt - maxLagMillis, reportedAt)) {
            while (made.hasNext()) {
                OpenClaim other = made.next().value;
                if (!other.status().announcementId().equals(claim.status().announcementId())) {
                    candidates.add(other);
                }
            }
        }
        return judge.judge(held, candidates).get(0);
    }

    private boolean judgeNeedsRivals(HeldBacktrack held) {
        return held.profile() != null && held.backtrack().refersTo() == null;
    }

    private void onBacktrack(String block, ClaimInput input, long streamTime) {
        Backtrack backtrack = input.backtrack();
        long reportedAt = backtrack.reportedAt().toEpochMilli();
        // The latest announcement it can contest was made at reportedAt; that window closes last.
        long lastClosing = reportedAt + openMillis;
        if (lastClosing < streamTime) {
            late.drop("backtracks", reportedAt, lastClosing);
            return;
        }
        if (holds(block, reportedAt, backtrack.id())) {
            return;
        }
        HeldBacktrack held = new HeldBacktrack(backtrack, input.profile());
        backtracks.put(block, held, reportedAt);

        List<KeyValue<Windowed<String>, OpenClaim>> candidates = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, OpenClaim> made = openClaims.fetch(OpenClaimKey.first(block),
                OpenClaimKey.last(block), reportedAt - maxLagMillis, reportedAt)) {
            while (made.hasNext()) {
                KeyValue<Windowed<String>, OpenClaim> entry = made.next();
                if (entry.key.window().start() + openMillis >= streamTime) {
                    candidates.add(entry);
                }
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        List<Match> verdicts = judge.judge(held, candidates.stream().map(entry -> entry.value).toList());
        for (int i = 0; i < candidates.size(); i++) {
            Match match = verdicts.get(i);
            if (match == null) {
                continue;
            }
            KeyValue<Windowed<String>, OpenClaim> entry = candidates.get(i);
            long announcedAt = entry.key.window().start();
            OpenClaim contested = forwardContest(entry.value, backtrack, match);
            openClaims.put(entry.key.key(), contested, announcedAt);
            pendingClosings.computeIfPresent(ClosingKey.of(announcedAt + openMillis, entry.key.key()),
                    (closing, pending) -> pending.markContested());
        }
    }

    /** Forwards the contest; returns the claim as this block now knows it. */
    private OpenClaim forwardContest(OpenClaim claim, Backtrack backtrack, Match match) {
        ContestedClaim contest = ContestedClaim.of(claim.status(), backtrack, match);
        context.forward(new Record<>(contest.announcementId(), ClaimChange.contested(contest),
                backtrack.reportedAt().toEpochMilli()));
        return claim.contestedBy(contest);
    }

    /** Whether the backtracks store already holds one with this id at this time in this block: a repeat. */
    private boolean holds(String block, long at, String id) {
        try (WindowStoreIterator<HeldBacktrack> same = backtracks.fetch(block, at, at)) {
            while (same.hasNext()) {
                if (same.next().value.backtrack().id().equals(id)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Closes every window that closed before {@code streamTime}, earliest first, and tells the status keeper.
     * A contested announcement held in one block only needs no closing: its status is already final.
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
            if (pending.contested() && pending.copies() == 1) {
                continue;
            }
            String openClaimKey = ClosingKey.openClaimKey(first.getKey());
            // Still held: the store has not seen a record past closesAt yet (see OPEN_CLAIMS_STORE).
            OpenClaim claim = openClaims.fetch(openClaimKey, pending.announcedAt());
            if (claim != null && !claim.closed()) {
                // Written back so that a restart does not find it open and close it again.
                openClaims.put(openClaimKey, claim.closing(), pending.announcedAt());
                context.forward(new Record<>(claim.status().announcementId(), ClaimChange.closed(claim.copies()),
                        closesAt));
            }
        }
    }

    /**
     * Keys of the open-claims store: block, a NUL, announcement id. Every key of one block falls
     * between {@link #first} and {@link #last} (NUL is below any byte of an id, and SOH above NUL), so one
     * key-range fetch finds them.
     */
    static final class OpenClaimKey {

        private OpenClaimKey() {
        }

        static String of(String block, String announcementId) {
            return block + '\u0000' + announcementId;
        }

        static String first(String block) {
            return block + '\u0000';
        }

        static String last(String block) {
            return block + '\u0001';
        }

    }

    /** A window not closed yet: whether this copy was contested, how many copies there are, when it was made. */
    record PendingClosing(boolean contested, int copies, long announcedAt) {

        static PendingClosing of(OpenClaim claim, long announcedAt) {
            return new PendingClosing(claim.contested(), claim.copies(), announcedAt);
        }

        PendingClosing markContested() {
            return new PendingClosing(true, copies, announcedAt);
        }
    }

    /** Keys of the pending closings: zero-padded time first, so their order is time order, then the open-claims key. */
    static final class ClosingKey {

        private static final int DIGITS = 19;

        private ClosingKey() {
        }

        static String of(long time, String openClaimKey) {
            String digits = Long.toString(time);
            StringBuilder key = new StringBuilder(DIGITS + 1 + openClaimKey.length());
            for (int i = digits.length(); i < DIGITS; i++) {
                key.append('0');
            }
            return key.append(digits).append('|').append(openClaimKey).toString();
        }

        static long time(String key) {
            return Long.parseLong(key, 0, DIGITS, 10);
        }

        static String openClaimKey(String key) {
            return key.substring(DIGITS + 1);
        }
    }
}
