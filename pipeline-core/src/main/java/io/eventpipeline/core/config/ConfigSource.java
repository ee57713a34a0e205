package io.eventpipeline.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where settings come from: environment variables, which win, over an optional properties file.
 *
 * <p>A setting has one dotted lowercase key, e.g. {@code http.port}. In a properties file it is written
 * as is; as an environment variable it is {@code PIPELINE_} followed by the key in upper case with dots
 * and dashes turned into underscores, e.g. {@code PIPELINE_HTTP_PORT}. The file is named by the
 * {@code PIPELINE_CONFIG_FILE} environment variable.
 *
 * <p>A source {@linkplain #scoped(String) scoped} to an app looks up {@code <app>.<key>} first
 * ({@code PIPELINE_IOT_HTTP_PORT}), then {@code <key>}, so several apps in one process (the demo) can
 * be given different values while sharing the rest.
 *
 * <p>Typed getters parse and check a value and throw {@link ConfigException} naming the key that held
 * it and the expected form. Instances are immutable.
 */
public final class ConfigSource {

    /** Environment variable naming an optional properties file. */
    public static final String CONFIG_FILE_ENV = "PIPELINE_CONFIG_FILE";
    private static final String ENV_PREFIX = "PIPELINE_";

    private final Map<String, String> env;
    private final Map<String, String> file;
    private final String scope;

    private ConfigSource(Map<String, String> env, Map<String, String> file, String scope) {
        this.env = Map.copyOf(env);
        this.file = Map.copyOf(file);
        this.scope = scope;
    }

    /** Settings from this process's environment and the file it names, if any. */
    public static ConfigSource fromEnvironment() {
        return of(System.getenv());
    }

    /** Settings from the given environment and the file it names under {@value #CONFIG_FILE_ENV}, if any. */
    public static ConfigSource of(Map<String, String> env) {
        String fileName = env.get(CONFIG_FILE_ENV);
        Map<String, String> file = fileName == null || fileName.isBlank() ? Map.of() : readFile(Path.of(fileName));
        return new ConfigSource(env, file, null);
    }

    /** Settings from the given environment and properties, for tests and embedding. */
    public static ConfigSource of(Map<String, String> env, Map<String, String> fileProperties) {
        return new ConfigSource(env, fileProperties, null);
    }

    /** The environment variable that sets {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** This source, looking up {@code <scope>.<key>} before {@code <key>}. */
    public ConfigSource scoped(String newScope) {
        return new ConfigSource(env, file, newScope);
    }

    /** This source with {@code key} set to {@code value}, overriding both environment and file. */
    public ConfigSource with(String key, String value) {
        Map<String, String> newEnv = new TreeMap<>(env);
        newEnv.put(envName(key), value);
        return new ConfigSource(newEnv, file, scope);
    }

    /** The raw value of {@code key}, if set to something other than blanks. */
    public Optional<String> get(String key) {
        return lookup(key).map(Setting::value);
    }

    public String getString(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public String require(String key, String expected) {
        return get(key).orElseThrow(() -> new ConfigException(key, "missing; expected " + expected));
    }

    public int getInt(String key, int defaultValue, int min, int max) {
        return (int) getLong(key, defaultValue, min, max);
    }

    public long getLong(String key, long defaultValue, long min, long max) {
        String expected = "an integer from " + min + " to " + max;
        return lookup(key).map(s -> {
            long value = s.parse(Long::parseLong, expected);
            if (value < min || value > max) {
                throw new ConfigException(s.key(), "got " + value + "; expected " + expected);
            }
            return value;
        }).orElse(defaultValue);
    }

    public double getDouble(String key, double defaultValue, double min, double max) {
        String expected = "a number from " + min + " to " + max;
        return lookup(key).map(s -> {
            double value = s.parse(Double::parseDouble, expected);
            if (!(value >= min && value <= max)) {
                throw new ConfigException(s.key(), "got " + value + "; expected " + expected);
            }
            return value;
        }).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return lookup(key).map(s -> switch (s.value().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new ConfigException(s.key(), "got '" + s.value() + "'; expected true or false");
        }).orElse(defaultValue);
    }

    /**
     * A duration written as ISO-8601 ({@code PT30S}) or as a number with a unit: {@code 250ms},
     * {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}.
     */
    public Duration getDuration(String key, Duration defaultValue, Duration min) {
        return lookup(key).map(s -> {
            Duration value = s.parse(Durations::parse, "a duration such as 250ms, 30s, 5m, 1h or PT30S");
            if (value.compareTo(min) < 0) {
                throw new ConfigException(s.key(), "got " + s.value() + "; expected at least " + min);
            }
            return value;
        }).orElse(defaultValue);
    }

    public <E extends Enum<E>> E getEnum(String key, Class<E> type, E defaultValue) {
        String expected = "one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT);
        return lookup(key).map(s -> s.parse(v -> Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_')), expected))
                .orElse(defaultValue);
    }

    /**
     * Every setting under {@code prefix} with the prefix removed: from the file as written
     * ({@code kafka.security.protocol}), from the environment with underscores turned into dots
     * ({@code PIPELINE_KAFKA_SECURITY_PROTOCOL}). Environment wins; scoped settings win over unscoped.
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> result = new TreeMap<>();
        collectPrefix(prefix, result);
        if (scope != null) {
            collectPrefix(scope + "." + prefix, result);
        }
        return result;
    }

    private void collectPrefix(String prefix, Map<String, String> result) {
        String dotted = prefix.endsWith(".") ? prefix : prefix + ".";
        file.forEach((k, v) -> {
            if (k.startsWith(dotted) && k.length() > dotted.length()) {
                result.put(k.substring(dotted.length()), v.trim());
            }
        });
        String envPrefix = envName(dotted);
        env.forEach((k, v) -> {
            if (k.startsWith(envPrefix) && k.length() > envPrefix.length()) {
                result.put(k.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v.trim());
            }
        });
    }

    private Optional<Setting> lookup(String key) {
        if (scope != null) {
            Optional<Setting> scoped = lookupExact(scope + "." + key);
            if (scoped.isPresent()) {
                return scoped;
            }
        }
        return lookupExact(key);
    }

    private Optional<Setting> lookupExact(String key) {
        String value = env.get(envName(key));
        if (value == null) {
            value = file.get(key);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new Setting(key, value.trim()));
    }

    /** A value and the key it was found under, for error messages. */
    private record Setting(String key, String value) {
        <T> T parse(Function<String, T> parser, String expected) {
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                throw new ConfigException(key, "got '" + value + "'; expected " + expected);
            }
        }
    }

    private static Map<String, String> readFile(Path path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("config.file", "cannot read '" + path + "': " + e.getMessage());
        }
        Map<String, String> result = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> result.put(name, properties.getProperty(name)));
        return result;
    }
}
