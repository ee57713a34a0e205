package io.eventpipeline.core.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.eventpipeline.core.serde.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArchiveLinesTest {

    private static String line(String key, byte[] value) {
        return new String(ArchiveLines.line("t", 2, 7, 1_000, key, value), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepAOneLineJsonValueByteForByte() throws Exception {
        String event = "{\"userId\": \"u-1\",\"amount\":12.50,\"big\":123456789012345678901234567890,\"page\":\"/p/é\"}";

        String line = line("u-1", utf8(event));

        assertEquals("{\"topic\":\"t\",\"partition\":2,\"offset\":7,\"timestamp\":1000,\"key\":\"u-1\",\"value\":" + event + "}", line);
        ArchiveLine read = Json.mapper().readValue(line, ArchiveLine.class);
        assertEquals(Json.mapper().readTree(event), read.value());
        assertNull(read.rawValue());
    }

    @Test
    void shouldPutJsonSpreadOverLinesOnOneLine() throws Exception {
        String line = line(null, utf8("{\n  \"a\": [1,\r\n 2]\n}\n"));

        assertEquals("{\"topic\":\"t\",\"partition\":2,\"offset\":7,\"timestamp\":1000,\"value\":{\"a\":[1,2]}}", line);
    }

    @Test
    void shouldKeepAnythingElseAsText() throws Exception {
        for (String text : new String[] {"not json", "{\"a\":1} trailing", "{\"a\":", "", "{\"a\":\"tab\there\"}"}) {
            ArchiveLine read = Json.mapper().readValue(line("k", utf8(text)), ArchiveLine.class);
            assertNull(read.value(), text);
            assertEquals(text, read.rawValue());
        }
    }

    @Test
    void shouldNotSpliceBytesThatAreNotUtf8() throws Exception {
        byte[] value = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        byte[] line = ArchiveLines.line("t", 2, 7, 1_000, "k", value);

        // Decoded with replacement characters, as the whole line must be UTF-8 to be read back.
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(line));
        ArchiveLine read = Json.mapper().readValue(line, ArchiveLine.class);
        assertEquals(7, read.offset());
    }

    @Test
    void shouldWriteAScalarAndANullValue() throws Exception {
        assertEquals("{\"topic\":\"t\",\"partition\":2,\"offset\":7,\"timestamp\":1000,\"key\":\"k\",\"value\":42}", line("k", utf8("42")));
        assertEquals("{\"topic\":\"t\",\"partition\":2,\"offset\":7,\"timestamp\":1000,\"key\":\"k\"}", line("k", null));
    }
}
