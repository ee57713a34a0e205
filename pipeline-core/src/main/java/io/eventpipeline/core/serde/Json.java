package io.eventpipeline.core.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import com.fasterxml.jackson.dataformat.smile.SmileGenerator;
import com.fasterxml.jackson.dataformat.smile.SmileParser;
import com.fasterxml.jackson.dataformat.smile.databind.SmileMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.eventpipeline.core.serde.internal.FieldNames;
import io.eventpipeline.core.serde.internal.InstantCodec;

/**
 * The pipeline's one JSON mapping: ISO-8601 instants (as {@code Instant.parse} reads and {@code toString} writes them), absent fields for nulls, unknown fields ignored
 * (so producers may add fields), and no silent coercion of numbers into enums or nulls into primitives.
 *
 * <p>It comes in two readers that write and read exactly the same JSON. {@link #mapper()} keeps no table of
 * field names, which suits any shape: store values hold maps keyed by device, room or page ids, and with a
 * table of such names every parse that met a new id copied the table (a room's state read in 12 µs instead
 * of 27 µs without it). {@link #mapperFor} gives types whose field names are all fixed (events, most state)
 * the mapper that keeps them in a table, and with it Jackson's parser of UTF-8 bytes: without the table,
 * Jackson decodes the bytes to characters first and parses those.
 */
public final class Json {

    private static final ObjectMapper MAPPER = build(false);
    private static final ObjectMapper SMILE = smile(false);
    private static final ObjectMapper SMILE_FIXED_NAMES = smile(true);
    private static final ObjectMapper FIXED_NAMES = build(true);

    private Json() {
    }

    /** The shared mapper, for any shape. It is configured once here and must not be reconfigured by callers. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The mapper for values of {@code type}: the one with the field-name table when every field name of
     * the type and of the types it holds is fixed (no maps, trees or {@code Object}s anywhere in it), else
     * {@link #mapper()}. Both read and write the same JSON.
     */
    public static ObjectMapper mapperFor(Class<?> type) {
        return FieldNames.fixed(type) ? FIXED_NAMES : MAPPER;
    }

    private static ObjectMapper build(boolean nameTable) {
        JsonFactory factory = JsonFactory.builder()
                // Field names are never interned: interning kept every id ever read in the JVM's string table.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .configure(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES, nameTable)
                // Decimal text to double through FastDoubleParser: the same correctly rounded doubles, sooner
                // (a room's climate state, eleven doubles, read in 2.2 µs instead of 2.9 µs).
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                // Double to text through Schubfach: the shortest text that reads back as the same double, as
                // Double.toString gives from Java 19 on (Java 17's sometimes adds a digit). Double.toString was
                // a ninth of the market app's stream threads' time (its state holds prices and running statistics).
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build();
        return rules(JsonMapper.builder(factory)).build();
    }

    /**
     * The mapper of state-store values ({@link StateSerde}) of {@code type}: the same rules over Smile,
     * Jackson's binary form of the JSON data model, which keeps doubles as their 64 bits rather than decimal
     * text. As with {@link #mapperFor}, the field-name table only for types whose names are all fixed: Smile's
     * parser copies the table on the first name it adds, so with a room's devices or a page's related pages
     * as names every read copied it (the IoT app's meter refresh, reading every room, spent four fifths of
     * its time there, and its stream threads 4 %).
     */
    static ObjectMapper smileFor(Class<?> type) {
        return FieldNames.fixed(type) ? SMILE_FIXED_NAMES : SMILE;
    }

    private static ObjectMapper smile(boolean nameTable) {
        SmileFactory factory = SmileFactory.builder()
                // A value's first byte tells the forms apart (Smile's start-object, JSON's '{'): no 4-byte header.
                .disable(SmileGenerator.Feature.WRITE_HEADER)
                .disable(SmileParser.Feature.REQUIRE_HEADER)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .configure(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES, nameTable)
                .build();
        return rules(SmileMapper.builder(factory)).build();
    }

    /** The rules both forms share: instants, absent nulls, unknown fields, no coercions. */
    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B rules(B builder) {
        return builder
                .addModule(new JavaTimeModule())
                // The same instants, read and written twenty times faster (the common shape through ethlo's ITU).
                .addModule(InstantCodec.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
