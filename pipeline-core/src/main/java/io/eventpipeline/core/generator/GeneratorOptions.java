package io.eventpipeline.core.generator;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generator's own options ({@code --devices 1000}), read with defaults and checked: an unknown option
 * or a malformed value fails with a message naming it. Call {@link #checkAllUsed()} after reading, so a
 * typo is not silently ignored.
 */
public final class GeneratorOptions {

    private final String generator;
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    public GeneratorOptions(String generator, Map<String, String> values) {
        this.generator = generator;
        this.values = Map.copyOf(values);
    }

    public int getInt(String name, int defaultValue, int min, int max) {
        return (int) getLong(name, defaultValue, min, max);
    }

    public long getLong(String name, long defaultValue, long min, long max) {
        used.add(name);
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException();
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer from " + min + " to " + max
                    + ", was '" + value + "'");
        }
    }

    /** A share: a number from 0 to 1. */
    public double getShare(String name, double defaultValue) {
        used.add(name);
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (!(parsed >= 0 && parsed <= 1)) {
                throw new IllegalArgumentException();
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " must be a share from 0 to 1, was '" + value + "'");
        }
    }

    /**
     * @throws IllegalArgumentException naming every option given but never read
     */
    public void checkAllUsed() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            Set<String> known = new TreeSet<>(used);
            throw new IllegalArgumentException("unknown option(s) for the " + generator + " generator: --"
                    + String.join(", --", unknown) + "; known: --" + String.join(", --", known));
        }
    }
}
