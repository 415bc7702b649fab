package io.walkback.topology;

import io.walkback.contract.Announcement;
import io.walkback.contract.Backtrack;
import io.walkback.contract.ClaimKeys;
import io.walkback.contract.ClaimStatus;
import io.walkback.contract.ContestedClaim;
import io.walkback.contract.Match;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs announcements with the backtracks that contest them, per matching block: the claim key in exact
 * matching; in similarity matching, a party (an announcement sits in the block of each of its parties, a
 * backtrack in its actor's, so every announcement a backtrack's actor took part in is at hand).
 * A backtrack reported at {@code t} can contest an announcement made in {@code [t - maxLag, t]};
 * whichever of the two arrives second finds the first, and {@link CandidateJudge} decides which of the candidates
 * it contests.
 *
 * <p>An announcement's window closes once stream time passes {@code announcedAt + maxLag + grace}: then
 * this copy's verdict is final and no later record changes it. A record that can only join closed windows
 * is dropped and counted as late. Up to that point order does not matter for which pairs are considered, so
 * records that trail stream time (another partition ran ahead, a producer retried) still match; which
 * similarity candidate is best is decided among those held when the later of the two arrives.
 *
 * <p>State: every open announcement copy and every backtrack that an announcement could still arrive for, each under
 * its block and id in a key-value store (written once when it arrives, again when it changes, deleted when it
 * expires: state is bounded by max lag, not by the feed). Reads never touch the stores: {@link BlockIndex} holds the
 * same entries in memory, rebuilt from the stores when the task starts. The same announcement or backtrack sent
 * twice (same block, time and id) is recognised in the index and ignored, so each pair is reported once.
 *
 * <p>Forwards {@link ClaimChange}s keyed by announcement id: made, contested, closed.
 */
final class ContestMatcher implements Processor<String, ClaimInput, String, ClaimChange> {

    /** How often the wall clock is checked for an idle task (see {@link #decideSettled}). */
    private static final Duration IDLE_CHECK = Duration.ofSeconds(1);

    private final long maxLagMillis;
    private final long openMillis;
    private final TopologyEvents events;
    private final ClaimKeys claimKeys;
    private final CandidateJudge judge;
    /** Text profiles, made when a verdict first needs them; null in exact matching. */
    private final TextProfiles profiles;
    private ProcessorContext<String, ClaimChange> context;
    private KeyValueStore<String, OpenClaim> openClaims;
    private KeyValueStore<String, HeldBacktrack> backtracks;
    private final BlockIndex<OpenClaim> open = new BlockIndex<>();
    private final BlockIndex<HeldBacktrack> held = new BlockIndex<>();
    /** Similarity matching: backtracks held but not judged yet, in report-time order (see {@link #decideBefore}). */
    private final TreeMap<BlockIndex.Slot, HeldBacktrack> undecided = new TreeMap<>(BlockIndex.Slot.ORDER);
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
        this.openClaims = context.getStateStore(StateNames.OPEN_CLAIMS_STORE);
        this.backtracks = context.getStateStore(StateNames.BACKTRACKS_STORE);
        this.late = new LateDrops(context, events, "announcements", "backtracks");
        open.clear();
        held.clear();
        undecided.clear();
        try (KeyValueIterator<String, OpenClaim> stored = openClaims.all()) {
            while (stored.hasNext()) {
                KeyValue<String, OpenClaim> entry = stored.next();
                open.put(StoreKeys.slot(entry.key, entry.value.announcedAt()), entry.value);
            }
        }
        try (KeyValueIterator<String, HeldBacktrack> stored = backtracks.all()) {
            while (stored.hasNext()) {
                KeyValue<String, HeldBacktrack> entry = stored.next();
                BlockIndex.Slot slot = StoreKeys.slot(entry.key, entry.value.reportedAt());
                held.put(slot, entry.value);
                if (!entry.value.decided()) {
                    undecided.put(slot, entry.value);
                }
            }
        }
        if (deferVerdicts) {
            lastRecordWallClockMs = context.currentSystemTimeMs();
            context.schedule(IDLE_CHECK, PunctuationType.WALL_CLOCK_TIME,
                    this::decideSettled);
            reportWaiting();
        }
    }

    @Override
    public void process(Record<String, ClaimInput> record) {
        long streamTime = context.currentStreamTimeMs();
        lastRecordWallClockMs = context.currentSystemTimeMs();
        decideBefore(streamTime);
        closeWindowsBefore(streamTime);
        forgetBacktracksBefore(streamTime);
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
        BlockIndex.Slot slot = new BlockIndex.Slot(announcedAt, block, announcement.id());
        if (open.contains(slot)) {
            return;
        }
        ClaimStatus opened = ClaimStatus.opened(claimKeys.of(announcement), announcement);
        if (input.home()) {
            context.forward(new Record<>(announcement.id(), ClaimChange.opened(opened, input.copies()), announcedAt));
        }
        OpenClaim claim = new OpenClaim(opened, announcement.topic(), null, input.copies());
        for (Map.Entry<BlockIndex.Slot, HeldBacktrack> reported : held.between(block, announcedAt,
                announcedAt + maxLagMillis)) {
            if (!reported.getValue().decided()) {
                continue; // judged later, with this announcement among its candidates
            }
            Verdicts verdicts = verdictOnLateAnnouncement(block, claim, reported.getValue(), reported.getKey().time());
            claim = verdicts.candidates().get(0);
            if (verdicts.matches().get(0) != null) {
                claim = forwardContest(claim, reported.getValue().backtrack(), verdicts.matches().get(0));
            }
        }
        openClaims.put(StoreKeys.of(block, announcement.id()), claim);
        open.put(slot, claim);
    }

    /**
     * The verdict on an announcement that arrived after a backtrack it is a candidate for. In similarity
     * matching the backtrack's other candidates count too (is this one the best?); earlier verdicts stand.
     */
    private Verdicts verdictOnLateAnnouncement(String block, OpenClaim claim, HeldBacktrack backtrack, long reportedAt) {
        List<OpenClaim> candidates = new ArrayList<>();
        List<BlockIndex.Slot> slots = new ArrayList<>();
        candidates.add(claim);
        slots.add(null); // not in the index yet
        if (profiles != null && backtrack.backtrack().refersTo() == null) {
            for (Map.Entry<BlockIndex.Slot, OpenClaim> other : open.between(block, reportedAt - maxLagMillis, reportedAt)) {
                candidates.add(other.getValue());
                slots.add(other.getKey());
            }
        }
        return judgeCandidates(backtrack, candidates, slots);
    }

    /** A verdict, with the backtrack and candidates as judged (profiled where the verdict needed it). */
    private record Verdicts(HeldBacktrack held, List<OpenClaim> candidates, List<Match> matches) {
    }

    /**
     * Judges, making the text profiles the verdict needs, and only those, and keeping a candidate's in the index
     * (slot null: not in it) so that the next backtrack of the block does not make it again. Profiles are not
     * written to the store: a restarted task makes them again when needed.
     */
    private Verdicts judgeCandidates(HeldBacktrack backtrack, List<OpenClaim> candidates, List<BlockIndex.Slot> slots) {
        List<Integer> toScore = judge.toScore(backtrack.backtrack(), candidates);
        if (!toScore.isEmpty()) {
            backtrack = profiles.profiled(backtrack);
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
        return new Verdicts(backtrack, candidates, judge.judge(backtrack, candidates, toScore));
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
        BlockIndex.Slot slot = new BlockIndex.Slot(reportedAt, block, backtrack.id());
        if (held.contains(slot)) {
            return; // a repeat: same block, id and time
        }
        HeldBacktrack arrived = new HeldBacktrack(backtrack, null, !deferVerdicts);
        if (deferVerdicts) {
            keep(slot, arrived);
            undecided.put(slot, arrived);
        } else {
            keep(slot, judge(block, arrived));
        }
    }

    /** Holds a backtrack (in the store without its text profile, which a restarted task makes again if needed). */
    private void keep(BlockIndex.Slot slot, HeldBacktrack backtrack) {
        backtracks.put(StoreKeys.of(slot.block(), slot.id()), backtrack.withProfile(null));
        held.put(slot, backtrack);
    }

    /**
     * Similarity matching judges a backtrack once stream time has passed its report time, so every candidate made
     * up to that instant is at hand, whichever arrived first: a replay in event-time order then gives the same
     * verdicts however records of the same instant interleave.
     */
    private void decideBefore(long streamTime) {
        while (!undecided.isEmpty() && undecided.firstKey().time() < streamTime) {
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

    /** Judges a waiting backtrack and holds it as decided, so that a restart does not judge it again. */
    private void decide(Map.Entry<BlockIndex.Slot, HeldBacktrack> entry) {
        BlockIndex.Slot slot = entry.getKey();
        keep(slot, judge(slot.block(), entry.getValue()).asDecided());
    }

    /**
     * Judges a backtrack's candidates, the announcements of its block made up to max lag before it, and contests;
     * returns the backtrack as judged (with its text profile, if the verdict needed one).
     */
    private HeldBacktrack judge(String block, HeldBacktrack backtrack) {
        long reportedAt = backtrack.reportedAt();
        // Every copy in the index has an open window: closed ones left it before this record.
        List<OpenClaim> candidates = new ArrayList<>();
        List<BlockIndex.Slot> slots = new ArrayList<>();
        for (Map.Entry<BlockIndex.Slot, OpenClaim> entry : open.between(block, reportedAt - maxLagMillis, reportedAt)) {
            candidates.add(entry.getValue());
            slots.add(entry.getKey());
        }
        if (candidates.isEmpty()) {
            return backtrack;
        }
        Verdicts verdicts = judgeCandidates(backtrack, candidates, slots);
        for (int i = 0; i < candidates.size(); i++) {
            Match match = verdicts.matches().get(i);
            if (match != null) {
                BlockIndex.Slot slot = slots.get(i);
                OpenClaim contested = forwardContest(verdicts.candidates().get(i), backtrack.backtrack(), match);
                openClaims.put(StoreKeys.of(slot.block(), slot.id()), contested.withProfile(null));
                open.put(slot, contested);
            }
        }
        return verdicts.held();
    }

    /** Forwards the contest; returns the claim as this block now knows it. */
    private OpenClaim forwardContest(OpenClaim claim, Backtrack backtrack, Match match) {
        ContestedClaim contest = ContestedClaim.of(claim.status(), backtrack, match);
        OpenClaim after = claim.contestedBy(contest);
        context.forward(new Record<>(contest.announcementId(),
                ClaimChange.contested(after.status(), contest, claim.copies()), backtrack.reportedAt().toEpochMilli()));
        return after;
    }

    /**
     * Closes every window that closed before {@code streamTime}, earliest first, and tells the status keeper. An
     * announcement with one copy that was contested needs no closing: its status is already final.
     */
    private void closeWindowsBefore(long streamTime) {
        for (Map.Entry<BlockIndex.Slot, OpenClaim> first = open.first(); first != null; first = open.first()) {
            BlockIndex.Slot slot = first.getKey();
            long closesAt = slot.time() + openMillis;
            if (closesAt >= streamTime) {
                return;
            }
            open.remove(slot);
            // Deleted in the same commit as the closing is forwarded: a restart neither finds it open nor closes it again.
            openClaims.put(StoreKeys.of(slot.block(), slot.id()), null); // a delete that does not read the old value
            OpenClaim claim = first.getValue();
            if (claim.contested() && claim.copies() == 1) {
                continue;
            }
            ClaimStatus status = claim.copies() == 1 ? claim.status().stood() : claim.status();
            if (claim.copies() == 1) {
                events.stood();
            }
            context.forward(new Record<>(slot.id(), ClaimChange.closed(status, claim.copies()), closesAt));
        }
    }

    /**
     * Forgets the backtracks no announcement can arrive for any more: one made at or before {@code reportedAt} whose
     * window is still open ({@code announcedAt + maxLag + grace >= streamTime}).
     */
    private void forgetBacktracksBefore(long streamTime) {
        for (Map.Entry<BlockIndex.Slot, HeldBacktrack> first = held.first(); first != null; first = held.first()) {
            BlockIndex.Slot slot = first.getKey();
            if (slot.time() + openMillis >= streamTime || !first.getValue().decided()) {
                return;
            }
            held.remove(slot);
            backtracks.put(StoreKeys.of(slot.block(), slot.id()), null); // a delete that does not read the old value
        }
    }
}
