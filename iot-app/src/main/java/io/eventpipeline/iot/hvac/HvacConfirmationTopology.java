package io.eventpipeline.iot.hvac;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.core.event.Severity;
import io.eventpipeline.core.flow.FlowCommand;
import io.eventpipeline.core.flow.FlowCoordinator;
import io.eventpipeline.core.flow.FlowOutcome;
import io.eventpipeline.core.flow.FlowReply;
import io.eventpipeline.core.flow.FlowStart;
import io.eventpipeline.core.flow.FlowStatus;
import io.eventpipeline.core.serde.StateSerde;
import io.eventpipeline.iot.IotConfig;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.HvacCommand;
import io.eventpipeline.iot.topology.ClimateControlTopology;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * HVAC command confirmation: each command on {@code iot.hvac-commands} starts an {@link HvacFlow} on the
 * coordinator, with its participants beside it, each choreographed on its own:
 * <ul>
 *   <li>the simulated device responder: the room's HVAC unit acknowledges each delivery at once, except a
 *       share of acknowledgements it loses ({@code device.lost.ack.share}, decided per delivery attempt, so a
 *       retry can get through) and the rooms whose unit is unreachable ({@code device.unreachable.share},
 *       decided per room: every attempt is lost);</li>
 *   <li>the {@link EffectVerifier}, beside the climate controller, whose room temperatures it reads;</li>
 *   <li>the escalation: a flow that did not complete raises one alert on {@code iot.alerts} (key roomId):
 *       {@value #UNACKNOWLEDGED} (CRITICAL) when no delivery was acknowledged, {@value #NO_EFFECT} (WARNING)
 *       when the room did not move the commanded way in time.</li>
 * </ul>
 * Nothing here runs when {@code hvac.confirm} is false.
 *
 * <p>In: {@code iot.hvac-commands} (key roomId), {@code iot.device-commands}, {@code iot.hvac-verifications}
 * (key roomId), {@code iot.hvac-replies}, {@code iot.hvac-outcomes} (key flowId). Out: the flow's commands,
 * {@code iot.hvac-replies}, {@code iot.hvac-outcomes}, {@code iot.alerts}. Store: {@value #PENDING_STORE} (key
 * roomId, value {@link PendingVerification}), and the climate controller's rooms, read only.
 */
public final class HvacConfirmationTopology {

    public static final String PENDING_STORE = "iot-hvac-verifications";
    public static final String UNACKNOWLEDGED = "HVAC_UNACKNOWLEDGED";
    public static final String NO_EFFECT = "HVAC_NO_EFFECT";

    private HvacConfirmationTopology() {
    }

    public static void build(StreamsBuilder builder, IotConfig config) {
        HvacConfig hvac = config.hvac();
        if (!hvac.enabled()) {
            return;
        }
        KStream<String, FlowStart> starts = builder
                .stream(IotTopics.HVAC_COMMANDS.name(), IotTopics.HVAC_COMMANDS.consumedAs("iot-source-hvac-commands"))
                .mapValues(HvacConfirmationTopology::start, Named.as("iot-start-hvac-confirmations"));
        FlowCoordinator.build(builder, HvacFlow.definition(hvac), starts, config.partitions());

        builder.stream(IotTopics.DEVICE_COMMANDS.name(), IotTopics.DEVICE_COMMANDS.consumedAs("iot-source-device-commands"))
                .flatMap((roomId, command) -> acknowledge(roomId, command, hvac), Named.as("iot-simulate-devices"))
                .to(IotTopics.HVAC_REPLIES.name(), IotTopics.HVAC_REPLIES.producedAs("iot-sink-device-acks"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(),
                StateSerde.of(PendingVerification.class)));
        // Beside the climate controller: verifications are keyed by room like its store, and partitioned alike.
        builder.stream(IotTopics.HVAC_VERIFICATIONS.name(), IotTopics.HVAC_VERIFICATIONS.consumedAs("iot-source-hvac-verifications"))
                .process(() -> new EffectVerifier(hvac), Named.as("iot-verify-hvac-effect"), PENDING_STORE,
                        ClimateControlTopology.ROOMS_STORE)
                .to(IotTopics.HVAC_REPLIES.name(), IotTopics.HVAC_REPLIES.producedAs("iot-sink-verifications"));

        builder.stream(IotTopics.HVAC_OUTCOMES.name(), IotTopics.HVAC_OUTCOMES.consumedAs("iot-source-hvac-outcomes"))
                .filter((flowId, outcome) -> outcome.status() != FlowStatus.COMPLETED, Named.as("iot-unconfirmed-hvac"))
                .map((flowId, outcome) -> KeyValue.pair((String) outcome.data().get("roomId"), escalation(outcome)),
                        Named.as("iot-escalate-hvac"))
                .to(IotTopics.ALERTS.name(), IotTopics.ALERTS.producedAs("iot-sink-hvac-alerts"));
    }

    /** A command's confirmation: flow id the command's id, so the same command starts one flow however often it comes. */
    static FlowStart start(HvacCommand command) {
        return new FlowStart(command.commandId(), Map.of("commandId", command.commandId(), "roomId", command.roomId(),
                "mode", command.mode().name(), "target", command.target(), "temperature", command.temperature()));
    }

    /** The simulated unit's answer to a delivery: an acknowledgement, or none. */
    static List<KeyValue<String, FlowReply>> acknowledge(String roomId, FlowCommand command, HvacConfig config) {
        if (HvacConfig.decides("unreachable", roomId, config.unreachableShare())
                || HvacConfig.decides("lost-ack", command.idempotencyKey(), config.lostAckShare())) {
            return List.of();
        }
        return List.of(KeyValue.pair(command.flowId(), FlowReply.success(command, Map.of("acknowledged", true), command.timestamp())));
    }

    static Alert escalation(FlowOutcome outcome) {
        boolean undelivered = HvacFlow.DELIVER.equals(outcome.failedStep());
        String type = undelivered ? UNACKNOWLEDGED : NO_EFFECT;
        Map<String, Object> data = outcome.data();
        String roomId = (String) data.get("roomId");
        String message = undelivered
                ? String.format(Locale.ROOT, "HVAC of %s did not acknowledge %s: %s", roomId, data.get("mode"), outcome.reason())
                : String.format(Locale.ROOT, "%s in %s had no effect: the room stayed near %s °C", data.get("mode"), roomId,
                        data.get("temperature"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", data.get("commandId"));
        details.put("mode", data.get("mode"));
        details.put("target", data.get("target"));
        details.put("failedStep", outcome.failedStep());
        details.put("reason", outcome.reason());
        Instant at = outcome.endedAt();
        return new Alert("iot-" + type + "-" + outcome.flowId(), IotTopics.APP, type,
                undelivered ? Severity.CRITICAL : Severity.WARNING, roomId, message, at, details);
    }
}
