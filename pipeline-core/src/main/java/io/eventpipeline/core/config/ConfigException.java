package io.eventpipeline.core.config;

/**
 * A configuration value is missing or malformed. The message names the setting (both as an environment
 * variable and as a properties-file key), what was found, and what is expected, so that start-up can stop
 * with a message a user can act on.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(ConfigSource.envName(key) + " (" + key + "): " + message);
        this.key = key;
    }

    /** The properties-file form of the setting's name, e.g. {@code http.port}. */
    public String key() {
        return key;
    }
}
