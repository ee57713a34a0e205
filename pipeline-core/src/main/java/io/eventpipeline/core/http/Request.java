package io.eventpipeline.core.http;

import io.eventpipeline.core.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A query request: path parameters from the route template ({@code /users/{userId}}) and query-string
 * parameters. Parsing helpers throw {@link HttpError#badRequest} naming the parameter.
 *
 * @param path the request path without the query string
 * @param pathParams path parameters by name
 * @param queryParams query parameters by name (all values)
 */
public record Request(String path, Map<String, String> pathParams, Map<String, List<String>> queryParams) {

    public Request {
        pathParams = Map.copyOf(pathParams);
        queryParams = Map.copyOf(queryParams);
    }

    /** A path parameter; the route guarantees it is present. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null || value.isBlank()) {
            throw HttpError.badRequest("missing path parameter '" + name + "'");
        }
        return value;
    }

    /** The first value of a query parameter, if given. */
    public Optional<String> query(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0));
    }

    public int intQuery(String name, int defaultValue, int min, int max) {
        return query(name).map(v -> {
            try {
                int value = Integer.parseInt(v);
                if (value < min || value > max) {
                    throw HttpError.badRequest("'" + name + "' must be from " + min + " to " + max + ", was " + v);
                }
                return value;
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("'" + name + "' must be an integer, was '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    /** An ISO-8601 instant ({@code 2026-11-22T10:15:30Z}) or epoch milliseconds. */
    public Optional<Instant> instantQuery(String name) {
        return query(name).map(v -> {
            try {
                return v.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw HttpError.badRequest("'" + name + "' must be an ISO-8601 instant or epoch milliseconds, was '" + v + "'");
            }
        });
    }

    /** A duration such as {@code 1m}, {@code 5m}, {@code 30s}, {@code 1h}. */
    public Optional<Duration> durationQuery(String name) {
        return query(name).map(v -> {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("'" + name + "' must be a duration such as 30s, 1m or 1h, was '" + v + "'");
            }
        });
    }
}
