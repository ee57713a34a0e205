package io.eventpipeline.iot.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One reading's statistics on its way to its room's task (topic {@code iot-group-partial-room-stats}), with
 * the watermark of the readings' task that sent it: that task's partition of {@code iot.readings} and its
 * stream time, the newest reading time it had taken. The room's task closes a window only once every task
 * sending to it has passed the window's end plus the grace (see {@code RoomStatistics}).
 *
 * <p>Its JSON is that of {@link Stats} with {@code source} and {@code watermark} beside; a partial written
 * by a version before these two fields has neither, and is read with both {@code null}.
 *
 * @param source the partition of {@code iot.readings} whose task sent it, or {@code null}
 * @param watermark that task's stream time (epoch millis) when it sent it, or {@code null}
 */
public record RoomPartial(long count, double sum, double sumOfSquares, double min, double max, Integer source,
                          Long watermark) {

    /** The partial of one reading of {@code value} from the task of partition {@code source} at stream time {@code watermark}. */
    static RoomPartial of(double value, int source, long watermark) {
        return new RoomPartial(1, value, value * value, value, value, source, watermark);
    }

    @JsonIgnore
    Stats stats() {
        return new Stats(count, sum, sumOfSquares, min, max);
    }
}
