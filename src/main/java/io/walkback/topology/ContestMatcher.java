package io.walkback.topology;

import io.walkback.model.Announcement;
import io.walkback.model.Backtrack;
import io.walkback.model.ClaimStatus;
import io.walkback.model.ContestedClaim;
import io.walkback.model.Match;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

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
 * by configuration, not by the length of the feed. {@link OpenClaimIndex} holds the open copies in memory for
 * reading. The same announcement sent twice (same id and time) is recognised in the index, the same backtrack
 * twice (same block, time and id) in its store;
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
    /** Text profiles, made when a verdict first needs them; null in exact matching. */
    private final TextProfiles profiles;
    private ProcessorContext<String, ClaimChange> context;
    private WindowStore<String, OpenClaim> openClaims;
    private WindowStore<String, HeldBacktrack> backtracks;
    /** The open windows, read on every record; the store is only written while processing (see the index). */
    private final OpenClaimIndex open = new OpenClaimIndex();
    /** Similarity matching: backtracks held but not judged yet, in report-time order (see {@link #decideBefore}). */
    private final TreeMap<OpenClaimIndex.Slot, HeldBacktrack> undecided = new TreeMap<>(OpenClaimIndex.Slot.ORDER);
    private final boolean deferVerdicts;

    /** When (wall clock) this task last processed a record: verdicts wait for stream time while records flow. */
    private long lastRecordWallClockMs;

    /** How long the task must have been idle before waiting backtracks are judged anyway. */
    private final Duration settle;
    private LateDrops late;

    ContestMatcher(ClaimKeys claimKeys, TopologySettings settings, Duration settle, TopologyEvents events) {
        this.settle = settle;
        this.claimKeys = claimKeys;
        this.judge = new CandidateJudge(claimKeys, settings.matching());
        this.profiles = settings.matching().bySimilarity() ? new TextProfiles(settings.matching().similarity()) : null;
        this.maxLagMillis = settings.maxLag().toMillis();
        this.openMillis = settings.maxLag().plus(settings.grace()).toMillis();
        this.events = events;
        this.deferVerdicts = settings.matching().bySimilarity();
    }

    @Override
    public void init(ProcessorContext<String, ClaimChange> context) {
        this.context = context;
        this.openClaims = context.getStateStore(WalkbackTopology.OPEN_CLAIMS_STORE);
        this.backtracks = context.getStateStore(WalkbackTopology.BACKTRACKS_STORE);
        this.late = new LateDrops(context, events, "announcements", "backtracks");
        open.clear();
        undecided.clear();
        if (deferVerdicts) {
            lastRecordWallClockMs = context.currentSystemTimeMs();
            try (KeyValueIterator<Windowed<String>, HeldBacktrack> held = backtracks.all()) {
                while (held.hasNext()) {
                    KeyValue<Windowed<String>, HeldBacktrack> entry = held.next();
                    if (!entry.value.decided()) {
                        undecided.put(StoreKey.slot(entry.key.key(), entry.key.window().start()), entry.value);
                    }
                }
            }
            context.schedule(WalkbackTopology.VERDICT_SETTLE.dividedBy(2), PunctuationType.WALL_CLOCK_TIME,
                    this::decideSettled);
            reportWaiting();
        }
        try (KeyValueIterator<Windowed<String>, OpenClaim> held = openClaims.all()) {
            while (held.hasNext()) {
                KeyValue<Windowed<String>, OpenClaim> entry = held.next();
                if (!entry.value.closed()) {
                    open.put(StoreKey.slot(entry.key.key(), entry.key.window().start()), entry.value);
                }
            }
        }
    }

    @Override
    public void process(Record<String, ClaimInput> record) {
        long streamTime = context.currentStreamTimeMs();
        lastRecordWallClockMs = context.currentSystemTimeMs();
        decideBefore(streamTime);
        closeWindowsBefore(streamTime);
        if (record.value().announcement() != null) {
            onAnnouncement(record.key(), record.value(), streamTime);
        } else {
            onBacktrack(record.key(), record.value(), streamTime);
        }
        if (deferVerdicts) {
            reportWaiting();
        }
    }

    @Override
    public void close() {
        if (deferVerdicts) {
            events.verdictsWaiting(context.taskId().toString(), 0);
        }
    }

    private void reportWaiting() {
        events.verdictsWaiting(context.taskId().toString(), undecided.size());
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
        OpenClaimIndex.Slot slot = new OpenClaimIndex.Slot(announcedAt, block, announcement.id());
        if (open.contains(slot)) {
            return;
        }
        ClaimStatus opened = ClaimStatus.opened(claimKeys.of(announcement), announcement);
        if (input.home()) {
            context.forward(new Record<>(announcement.id(), ClaimChange.opened(opened), announcedAt));
        }
        OpenClaim claim = new OpenClaim(opened, announcement.topic(), null, input.copies(), false);
        try (KeyValueIterator<Windowed<String>, HeldBacktrack> reported = backtracks.fetch(StoreKey.first(block),
                StoreKey.last(block), announcedAt, announcedAt + maxLagMillis)) {
            while (reported.hasNext()) {
                KeyValue<Windowed<String>, HeldBacktrack> held = reported.next();
                if (!held.value.decided()) {
                    continue; // judged later, with this announcement among its candidates
                }
                Verdicts verdicts = verdictOnLateAnnouncement(block, claim, held.value, held.key.window().start());
                claim = verdicts.candidates().get(0);
                if (verdicts.matches().get(0) != null) {
                    claim = forwardContest(claim, held.value.backtrack(), verdicts.matches().get(0));
                }
            }
        }
        openClaims.put(StoreKey.of(block, announcement.id()), claim, announcedAt);
        open.put(slot, claim);
    }

    /**
     * The verdict on an announcement that arrived after a backtrack it is a candidate for. In similarity
     * matching the backtrack's other candidates count too (is this one the best?); earlier verdicts stand.
     */
    private Verdicts verdictOnLateAnnouncement(String block, OpenClaim claim, HeldBacktrack held, long reportedAt) {
        List<OpenClaim> candidates = new ArrayList<>();
        List<OpenClaimIndex.Slot> slots = new ArrayList<>();
        candidates.add(claim);
        slots.add(null); // not in the index yet
        if (profiles != null && held.backtrack().refersTo() == null) {
            for (Map.Entry<OpenClaimIndex.Slot, OpenClaim> other : open.between(block, reportedAt - maxLagMillis, reportedAt)) {
                candidates.add(other.getValue());
                slots.add(other.getKey());
            }
        }
        return judgeCandidates(held, candidates, slots);
    }

    /** A verdict, with the backtrack and candidates as judged (profiled where the verdict needed it). */
    private record Verdicts(HeldBacktrack held, List<OpenClaim> candidates, List<Match> matches) {
    }

    /**
     * Judges, making the text profiles the verdict needs, and only those, and keeping a candidate's in the index
     * (slot null: not in it) so that the next backtrack of the block does not make it again.
     */
    private Verdicts judgeCandidates(HeldBacktrack held, List<OpenClaim> candidates, List<OpenClaimIndex.Slot> slots) {
        List<Integer> toScore = judge.toScore(held.backtrack(), candidates);
        if (!toScore.isEmpty()) {
            held = profiles.profiled(held);
            for (int i : toScore) {
                OpenClaim candidate = candidates.get(i);
                if (candidate.profile() == null) {
                    candidate = profiles.profiled(candidate);
                    candidates.set(i, candidate);
                    if (slots.get(i) != null) {
                        open.put(slots.get(i), candidate);
                    }
                }
            }
        }
        return new Verdicts(held, candidates, judge.judge(held, candidates, toScore));
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
        String key = StoreKey.of(block, backtrack.id());
        if (backtracks.fetch(key, reportedAt) != null) {
            return; // a repeat: same block, id and time
        }
        HeldBacktrack held = new HeldBacktrack(backtrack, null, !deferVerdicts);
        backtracks.put(key, held, reportedAt);
        if (deferVerdicts) {
            undecided.put(slotOf(block, held), held);
        } else {
            judge(block, held);
        }
    }

    /**
     * Similarity matching judges a backtrack once stream time has passed its report time, so every candidate made
     * up to that instant is at hand, whichever arrived first: a replay in event-time order then gives the same
     * verdicts however records of the same instant interleave.
     */
    private void decideBefore(long streamTime) {
        while (!undecided.isEmpty() && undecided.firstKey().announcedAt() < streamTime) {
            decide(undecided.pollFirstEntry());
        }
    }

    /**
     * Wall-clock fallback: once the task has had no record for {@link #settle} (it has caught up with a quiet feed,
     * or a replay ended), the waiting backtracks are judged with what is held. While records flow, verdicts wait for
     * stream time, so a replay's verdicts do not depend on how fast it is read.
     */
    private void decideSettled(long wallClockMs) {
        if (wallClockMs - lastRecordWallClockMs >= settle.toMillis()) {
            while (!undecided.isEmpty()) {
                decide(undecided.pollFirstEntry());
            }
            reportWaiting();
        }
    }

    private void decide(Map.Entry<OpenClaimIndex.Slot, HeldBacktrack> entry) {
        OpenClaimIndex.Slot slot = entry.getKey();
        HeldBacktrack judged = judge(slot.block(), entry.getValue());
        // Written back so that a restart does not judge it again (with its profile, if it has one now, for
        // announcements that arrive after it).
        backtracks.put(StoreKey.of(slot.block(), slot.id()), judged.asDecided(), slot.announcedAt());
    }

    private static OpenClaimIndex.Slot slotOf(String block, HeldBacktrack held) {
        return new OpenClaimIndex.Slot(held.backtrack().reportedAt().toEpochMilli(), block, held.backtrack().id());
    }

    /**
     * Judges a backtrack's candidates, the announcements of its block made up to max lag before it, and contests;
     * returns the backtrack as judged (with its text profile, if the verdict needed one).
     */
    private HeldBacktrack judge(String block, HeldBacktrack held) {
        Backtrack backtrack = held.backtrack();
        long reportedAt = backtrack.reportedAt().toEpochMilli();
        // Every copy in the index has an open window: closed ones left it before this record.
        List<OpenClaim> candidates = new ArrayList<>();
        List<OpenClaimIndex.Slot> slots = new ArrayList<>();
        for (Map.Entry<OpenClaimIndex.Slot, OpenClaim> entry : open.between(block, reportedAt - maxLagMillis, reportedAt)) {
            candidates.add(entry.getValue());
            slots.add(entry.getKey());
        }
        if (candidates.isEmpty()) {
            return held;
        }
        Verdicts verdicts = judgeCandidates(held, candidates, slots);
        for (int i = 0; i < candidates.size(); i++) {
            Match match = verdicts.matches().get(i);
            if (match != null) {
                OpenClaimIndex.Slot slot = slots.get(i);
                OpenClaim contested = forwardContest(verdicts.candidates().get(i), backtrack, match);
                openClaims.put(StoreKey.of(slot.block(), slot.id()), contested, slot.announcedAt());
                open.put(slot, contested);
            }
        }
        return verdicts.held();
    }

    /** Forwards the contest; returns the claim as this block now knows it. */
    private OpenClaim forwardContest(OpenClaim claim, Backtrack backtrack, Match match) {
        ContestedClaim contest = ContestedClaim.of(claim.status(), backtrack, match);
        context.forward(new Record<>(contest.announcementId(), ClaimChange.contested(contest),
                backtrack.reportedAt().toEpochMilli()));
        return claim.contestedBy(contest);
    }

    /**
     * Closes every window that closed before {@code streamTime}, earliest first, and tells the status keeper.
     * A contested announcement held in one block only needs no closing: its status is already final.
     */
    private void closeWindowsBefore(long streamTime) {
        for (Map.Entry<OpenClaimIndex.Slot, OpenClaim> first = open.first(); first != null; first = open.first()) {
            OpenClaimIndex.Slot slot = first.getKey();
            long closesAt = slot.announcedAt() + openMillis;
            if (closesAt >= streamTime) {
                return;
            }
            open.remove(slot);
            OpenClaim claim = first.getValue();
            if (claim.contested() && claim.copies() == 1) {
                continue;
            }
            // Written back so that a restart does not find it open and close it again. The store still holds it:
            // it has not seen a record past closesAt yet (see OPEN_CLAIMS_STORE).
            openClaims.put(StoreKey.of(slot.block(), slot.id()), claim.closing(), slot.announcedAt());
            context.forward(new Record<>(slot.id(), ClaimChange.closed(claim.copies()), closesAt));
        }
    }

    /**
     * Keys of both window stores: block, a NUL, then the announcement's or backtrack's id. Every key of one block
     * falls between {@link #first} and {@link #last} (NUL is below any character of an id, SOH above NUL), so one
     * key-range fetch finds them.
     */
    static final class StoreKey {

        private StoreKey() {
        }

        static String of(String block, String id) {
            return block + '\u0000' + id;
        }

        static String first(String block) {
            return block + '\u0000';
        }

        static String last(String block) {
            return block + '\u0001';
        }

        static OpenClaimIndex.Slot slot(String openClaimKey, long announcedAt) {
            int nul = openClaimKey.indexOf('\u0000');
            return new OpenClaimIndex.Slot(announcedAt, openClaimKey.substring(0, nul), openClaimKey.substring(nul + 1));
        }

    }
}
