package io.eventpipeline.market.topology;

import io.eventpipeline.market.event.Tick;
import java.time.Instant;

/**
 * What the sequencer knows of a symbol: the highest sequence accepted, the latest tick accepted, the
 * newest event time seen, and how many duplicates it dropped, gaps it saw and restarts of the feed it
 * followed. Answers {@code GET /symbols/{s}/latest}.
 *
 * @param lastSequence the highest sequence accepted since the feed last restarted
 * @param latest the tick that carried it
 * @param newest the newest event time accepted
 * @param accepted ticks accepted
 * @param duplicates ticks dropped because their sequence was not above {@code lastSequence}
 * @param gaps gaps seen (a tick more than one above its predecessor)
 * @param missing sequence numbers skipped over all gaps
 * @param restarts times the feed started its sequence again
 */
public record SymbolState(long lastSequence, Tick latest, Instant newest, long accepted, long duplicates, long gaps,
                          long missing, long restarts) {

    static SymbolState first(Tick tick) {
        return new SymbolState(tick.sequence(), tick, tick.timestamp(), 1, 0, 0, 0, 0);
    }

    SymbolState accept(Tick tick) {
        long skipped = tick.sequence() - lastSequence - 1;
        return new SymbolState(tick.sequence(), tick, newer(tick), accepted + 1, duplicates, gaps + (skipped > 0 ? 1 : 0),
                missing + skipped, restarts);
    }

    SymbolState restart(Tick tick) {
        return new SymbolState(tick.sequence(), tick, newer(tick), accepted + 1, duplicates, gaps, missing, restarts + 1);
    }

    SymbolState duplicate() {
        return new SymbolState(lastSequence, latest, newest, accepted, duplicates + 1, gaps, missing, restarts);
    }

    private Instant newer(Tick tick) {
        return tick.timestamp().isAfter(newest) ? tick.timestamp() : newest;
    }
}
