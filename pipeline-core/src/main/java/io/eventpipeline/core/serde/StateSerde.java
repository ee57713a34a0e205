package io.eventpipeline.core.serde;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The serde of state-store values that no one but their own app reads: Smile, Jackson's binary form of the
 * JSON data model, under the same mapping rules as {@link Json}. A double is its 64 bits rather than decimal
 * text, which for state holding prices and running statistics halves the time to write and read it (a
 * 1-minute candle: 300 ns instead of 575 to write, 410 instead of 670 to read). Values written as JSON by
 * earlier versions are still read: a JSON object starts with {@code '{'}, a Smile object with its
 * start-object byte, so a store or changelog written before the change needs no migration. For records and
 * other types written as objects (a Smile string of 60 characters at the root would start with {@code '{'}).
 *
 * <p>Event types, and anything a user or another app reads off a topic, stay on {@link JsonSerde}: this
 * form is for changelogs and stores only. {@code null} passes through both ways; a value that cannot be
 * read fails with a {@link SerializationException} whose cause is the parse error. Instances are immutable
 * and thread-safe.
 *
 * @param <T> the state type
 */
public final class StateSerde<T> extends MappedSerde<T> {

    private final ObjectReader reader;
    private final ObjectReader jsonReader;

    private StateSerde(Class<T> type) {
        super(type, Json.smileFor(type).writerFor(type), "Smile");
        this.reader = Json.smileFor(type).readerFor(type);
        this.jsonReader = Json.mapperFor(type).readerFor(type);
    }

    /** A serde for {@code type}. */
    public static <T> StateSerde<T> of(Class<T> type) {
        return new StateSerde<>(type);
    }

    @Override
    T read(String topic, byte[] data) {
        T value;
        try {
            value = (data.length > 0 && data[0] == '{' ? jsonReader : reader).readValue(data);
        } catch (IOException e) {
            throw new SerializationException("unreadable " + type().getSimpleName() + " state on " + topic, e);
        }
        if (value == null) {
            throw new SerializationException("unreadable " + type().getSimpleName() + " state on " + topic + ": null");
        }
        return value;
    }
}
