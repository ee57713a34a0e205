package io.eventpipeline.market.topology;

import io.eventpipeline.market.event.Tick;

/**
 * What the sequencer knows of a symbol: the highest sequence accepted, the latest tick accepted, and how
 * many duplicates it dropped and gaps it saw. Answers {@code GET /symbols/{s}/latest}.
 *
 * @param lastSequence the highest sequence accepted
 * @param latest the tick that carried it
 * @param accepted ticks accepted
 * @param duplicates ticks dropped because their sequence was not above {@code lastSequence}
 * @param gaps gaps seen (a tick more than one above its predecessor)
 * @param missing sequence numbers skipped over all gaps
 */
public record SymbolState(long lastSequence, Tick latest, long accepted, long duplicates, long gaps, long missing) {

    static SymbolState first(Tick tick) {
        return new SymbolState(tick.sequence(), tick, 1, 0, 0, 0);
    }

    SymbolState accept(Tick tick) {
        long skipped = tick.sequence() - lastSequence - 1;
        return new SymbolState(tick.sequence(), tick, accepted + 1, duplicates, gaps + (skipped > 0 ? 1 : 0), missing + skipped);
    }

    SymbolState duplicate() {
        return new SymbolState(lastSequence, latest, accepted, duplicates + 1, gaps, missing);
    }
}
