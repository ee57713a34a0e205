package io.eventpipeline.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses durations as users write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601 {@code PT30S}. */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses {@code text}; a bare number means seconds.
     *
     * @throws IllegalArgumentException if it is not a duration
     */
    public static Duration parse(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            int split = 0;
            while (split < v.length() && (Character.isDigit(v.charAt(split)) || v.charAt(split) == '.')) {
                split++;
            }
            double amount = Double.parseDouble(v.substring(0, split));
            double millis = switch (v.substring(split).trim()) {
                case "ms" -> amount;
                case "s", "" -> amount * 1_000;
                case "m", "min" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                case "d" -> amount * 86_400_000;
                default -> throw new IllegalArgumentException("unknown unit in '" + text + "'");
            };
            return Duration.ofMillis(Math.round(millis));
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "'", e);
        }
    }
}
