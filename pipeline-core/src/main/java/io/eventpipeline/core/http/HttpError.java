package io.eventpipeline.core.http;

/**
 * A request that cannot be answered as asked; the server answers with {@link #status()} and a JSON body
 * {@code {"status":…, "error":"…"}}. Handlers throw or emit it for bad input so that bad input never
 * becomes a 500.
 */
public final class HttpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 404: the key or resource does not exist. */
    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    /** 400: a parameter is missing or malformed. */
    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    /** 503: the answer cannot be given now (e.g. state is being restored); try again. */
    public static HttpError unavailable(String message) {
        return new HttpError(503, message);
    }

    public int status() {
        return status;
    }
}
