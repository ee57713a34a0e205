package io.eventpipeline.core.http;

import reactor.core.publisher.Mono;

/**
 * Where an app adds its query routes. A handler's value is written as JSON with status 200; an
 * {@link HttpError} (thrown or emitted) becomes its status with a JSON error body; an empty result is a
 * 404. Any other failure is logged and answered 500 without details.
 */
public interface Routes {

    /** Handles a request and produces the value to answer with. */
    @FunctionalInterface
    interface Handler {
        Mono<?> handle(Request request);
    }

    /**
     * Adds a GET route. {@code template} may hold path parameters in braces: {@code /users/{userId}/session}.
     */
    Routes get(String template, Handler handler);
}
