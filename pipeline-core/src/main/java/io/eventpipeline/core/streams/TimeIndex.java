package io.eventpipeline.core.streams;

/**
 * Keys of a time index: a store keyed by a time and then an id, so that one range read finds everything due
 * by a given time (the coordinator's deadlines, the devices due for a silence check) without reading the rest.
 */
public final class TimeIndex {

    private TimeIndex() {
    }

    /**
     * {@code %016x|id}: sixteen hex digits sort as the times do (for times after 1970). Built by hand:
     * {@code String.format} here was a tenth of the coordinator's time (JFR, IoT benchmark).
     */
    public static String key(long epochMillis, String id) {
        String hex = Long.toHexString(epochMillis);
        return "0".repeat(16 - hex.length()) + hex + "|" + id;
    }

    /** The time of a {@link #key}. */
    public static long time(String key) {
        return Long.parseUnsignedLong(key, 0, 16, 16);
    }

    /** The id of a {@link #key}. */
    public static String id(String key) {
        return key.substring(17);
    }

    /** The lowest key of any time. */
    public static String from() {
        return key(0, "");
    }

    /** The highest key of {@code epochMillis} (for ids within the Basic Multilingual Plane): a range up to it holds all that is due by then. */
    public static String through(long epochMillis) {
        return key(epochMillis, "\uffff");
    }
}
