package io.eventpipeline.market.topology;

/**
 * A minute's movers as stored, with whether they changed since last published and when (wall clock, epoch
 * ms) they last changed.
 */
public record MoversEntry(Movers movers, boolean unpublished, long changedAt) {
}
