package io.eventpipeline.market.topology;

import io.eventpipeline.market.event.Tick;

/**
 * A tick accepted by the sequencer, with how many sequence numbers of its symbol were skipped just before
 * it (0 when it follows its predecessor directly), and whether it restarted the symbol's sequence. Lives
 * only inside the topology.
 */
record SequencedTick(Tick tick, long missing, long previousSequence, boolean restart) {
}
