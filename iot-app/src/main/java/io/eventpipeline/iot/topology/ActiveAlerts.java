package io.eventpipeline.iot.topology;

import io.eventpipeline.core.event.Alert;
import io.eventpipeline.iot.IotTopics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerts in force, one store shared by the detectors of the device sub-topology: key
 * {@code <deviceId>|<condition>} (condition {@code THRESHOLD}, {@code STUCK} or {@code OFFLINE}), value the
 * alert that raised it. A detector puts its alert when a condition starts and deletes it when it ends, in
 * the same transaction as the alert it sends, so the store and {@code iot.alerts} agree.
 */
public final class ActiveAlerts {

    public static final String STORE = "iot-active-alerts";

    private ActiveAlerts() {
    }

    static StoreBuilder<KeyValueStore<String, Alert>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                IotTopics.ALERTS.valueSerde());
    }

    static String key(String deviceId, String condition) {
        return deviceId + "|" + condition;
    }
}
