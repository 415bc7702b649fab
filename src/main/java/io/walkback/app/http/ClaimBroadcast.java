package io.walkback.app.http;

import io.walkback.contract.ContestedClaim;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * Fans committed contested claims out to live dashboards. Keeps the most recent ones so a page that
 * connects late starts with history; a subscriber that cannot keep up loses its oldest queued claims,
 * never blocks the others. Claims are kept and sent with texts cut ({@link ShortTexts}), so the history and the
 * queues stay small whatever the feed's texts.
 */
public final class ClaimBroadcast implements Consumer<ContestedClaim> {

    public static final int RECENT = 500;
    public static final int MAX_SUBSCRIBERS = 64;

    private final Deque<ContestedClaim> recent = new ArrayDeque<>();
    private final Set<BlockingQueue<ContestedClaim>> subscribers = new CopyOnWriteArraySet<>();

    @Override
    public synchronized void accept(ContestedClaim full) {
        ContestedClaim claim = ShortTexts.of(full);
        recent.addLast(claim);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
        for (BlockingQueue<ContestedClaim> queue : subscribers) {
            while (!queue.offer(claim)) {
                queue.poll();
            }
        }
    }

    /** A queue that starts with the recent claims and then receives each new one; null if too many subscribers. */
    public synchronized BlockingQueue<ContestedClaim> subscribe() {
        if (subscribers.size() >= MAX_SUBSCRIBERS) {
            return null;
        }
        BlockingQueue<ContestedClaim> queue = new ArrayBlockingQueue<>(RECENT * 2);
        queue.addAll(recent);
        subscribers.add(queue);
        return queue;
    }

    public void unsubscribe(BlockingQueue<ContestedClaim> queue) {
        subscribers.remove(queue);
    }
}
