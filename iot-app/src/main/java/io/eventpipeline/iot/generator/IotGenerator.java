package io.eventpipeline.iot.generator;

import io.eventpipeline.core.generator.AppGenerator;
import io.eventpipeline.core.generator.EventFactory;
import io.eventpipeline.core.generator.GeneratorOptions;
import io.eventpipeline.core.generator.GeneratorSeed;
import io.eventpipeline.core.reactive.Outbound;
import io.eventpipeline.core.topic.Topic;
import io.eventpipeline.iot.IotTopics;
import io.eventpipeline.iot.event.DeviceProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sample smart-building traffic for {@code iot.readings}, and the device registry {@code iot.devices} it
 * refers to (written first).
 *
 * <p>Options (all optional): {@code --devices} (1000), {@code --sites} (5), {@code --fahrenheit} (0.05 of
 * temperature sensors), and the fault rates per reading: {@code --spikes} (0.0005), {@code --stuck} (0.0002),
 * {@code --drift} (0.0002), {@code --dropouts} (0.0001, each {@code --dropout-seconds} 180 long),
 * {@code --duplicates} (0.001), {@code --out-of-order} (0.01), {@code --malformed} (0.001).
 */
public final class IotGenerator implements AppGenerator<String, byte[]> {

    @Override
    public String app() {
        return IotTopics.APP;
    }

    @Override
    public Topic<String, byte[]> topic() {
        return Topic.raw(IotTopics.READINGS.name());
    }

    @Override
    public EventFactory<String, byte[]> factory(Map<String, String> options) {
        return new BuildingTraffic(settings(options));
    }

    @Override
    public List<GeneratorSeed<?, ?>> seeds(Map<String, String> options) {
        Fleet fleet = settings(options).fleet();
        List<Outbound<String, DeviceProfile>> profiles = new ArrayList<>(fleet.devices());
        for (int device = 0; device < fleet.devices(); device++) {
            profiles.add(Outbound.of(fleet.deviceId(device), fleet.profile(device)));
        }
        return List.of(new GeneratorSeed<>(IotTopics.DEVICES, profiles));
    }

    static BuildingTraffic.Settings settings(Map<String, String> options) {
        GeneratorOptions o = new GeneratorOptions(IotTopics.APP, options);
        Fleet fleet = new Fleet(o.getInt("devices", 1_000, 1, 10_000_000), o.getInt("sites", 5, 1, 100_000),
                o.getShare("fahrenheit", 0.05));
        BuildingTraffic.Settings settings = new BuildingTraffic.Settings(fleet,
                o.getShare("spikes", 0.0005),
                o.getShare("stuck", 0.0002),
                o.getShare("drift", 0.0002),
                o.getShare("dropouts", 0.0001),
                Duration.ofSeconds(o.getLong("dropout-seconds", 180, 1, 86_400)),
                o.getShare("duplicates", 0.001),
                o.getShare("out-of-order", 0.01),
                o.getShare("malformed", 0.001));
        o.checkAllUsed();
        return settings;
    }
}
