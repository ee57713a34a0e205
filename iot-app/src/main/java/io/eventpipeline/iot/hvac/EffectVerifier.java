package io.eventpipeline.iot.hvac;

import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.iot.event.HvacMode;
import io.eventpipeline.iot.topology.ClimateControlTopology;
import io.eventpipeline.iot.topology.RoomClimate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The verify step's participant: keeps each room's pending verification and, every {@code hvac.verify.check}
 * (wall clock), compares the room's temperature in the climate controller's store with where it was when
 * the verification began. HEAT is confirmed once the room is {@code hvac.verify.delta} warmer, COOL once it
 * is that much cooler; OFF has nothing to verify. A room's newer command supersedes its pending one (which
 * is confirmed as {@code SUPERSEDED}: the unit was told to do something else). A verification not confirmed
 * by its flow's deadline is dropped silently: the flow has timed out by then.
 */
final class EffectVerifier implements Processor<String, FlowCommand, String, FlowReply> {

    private final HvacConfig config;
    private ProcessorContext<String, FlowReply> context;
    private KeyValueStore<String, RoomClimate> rooms;
    private KeyValueStore<String, PendingVerification> pending;

    EffectVerifier(HvacConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, FlowReply> context) {
        this.context = context;
        this.rooms = context.getStateStore(ClimateControlTopology.ROOMS_STORE);
        this.pending = context.getStateStore(HvacConfirmationTopology.PENDING_STORE);
        context.schedule(config.verifyCheck(), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, FlowCommand> record) {
        FlowCommand command = record.value();
        String roomId = record.key();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        PendingVerification before = pending.get(roomId);
        if (before != null && before.command().flowId().equals(command.flowId())) {
            return; // the same verification again (a replay): it is under way
        }
        if (before != null) {
            reply(FlowReply.success(before.command(), Map.of("result", "SUPERSEDED"), now));
        }
        if (mode(command) == HvacMode.OFF) {
            pending.delete(roomId);
            reply(FlowReply.success(command, Map.of("result", "NOTHING_TO_VERIFY"), now));
            return;
        }
        RoomClimate room = rooms.get(roomId);
        double baseline = room != null ? room.temperature() : ((Number) command.payload().get("temperature")).doubleValue();
        pending.put(roomId, new PendingVerification(command, baseline, now.plus(config.verifyWithin())));
    }

    private void check(long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        List<KeyValue<String, PendingVerification>> all = new ArrayList<>();
        try (KeyValueIterator<String, PendingVerification> entries = pending.all()) {
            entries.forEachRemaining(all::add);
        }
        for (KeyValue<String, PendingVerification> entry : all) {
            PendingVerification waiting = entry.value;
            RoomClimate room = rooms.get(entry.key);
            if (room != null && moved(mode(waiting.command()), waiting.baseline(), room.temperature(), config.verifyDelta())) {
                pending.delete(entry.key);
                reply(FlowReply.success(waiting.command(), Map.of("result", "CONFIRMED", "baseline", waiting.baseline(),
                        "reached", room.temperature()), now));
            } else if (now.isAfter(waiting.expiresAt())) {
                pending.delete(entry.key);
            }
        }
    }

    /** Whether a room at {@code temperature} has moved {@code delta} from {@code baseline} the way {@code mode} drives it. */
    static boolean moved(HvacMode mode, double baseline, double temperature, double delta) {
        return switch (mode) {
            case HEAT -> temperature >= baseline + delta;
            case COOL -> temperature <= baseline - delta;
            case OFF -> true;
        };
    }

    private static HvacMode mode(FlowCommand command) {
        return HvacMode.valueOf((String) command.payload().get("mode"));
    }

    private void reply(FlowReply reply) {
        context.forward(new Record<>(reply.flowId(), reply, reply.timestamp().toEpochMilli()));
    }
}
