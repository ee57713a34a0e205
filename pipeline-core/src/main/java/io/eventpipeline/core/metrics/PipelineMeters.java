package io.eventpipeline.core.metrics;

/**
 * The catalogue of the pipeline's own meters: every name and its tag keys, in one place. Names are dotted
 * lowercase; Prometheus shows them with underscores (counters with a {@code _total} suffix). Every meter
 * also carries the registry's common tags {@value #TAG_APP} and {@value #TAG_INSTANCE}.
 */
public final class PipelineMeters {

    /** Common tag: the app's short name. */
    public static final String TAG_APP = "app";
    /** Common tag: the instance id. */
    public static final String TAG_INSTANCE = "instance";
    /** Tag: a topic name. */
    public static final String TAG_TOPIC = "topic";
    /** Tag: a dead-letter reason label. */
    public static final String TAG_REASON = "reason";
    /** Tag: the name of an event generator. */
    public static final String TAG_GENERATOR = "generator";
    /** Tag: the outcome of an operation ({@code ok} or {@code error}). */
    public static final String TAG_OUTCOME = "outcome";

    /** Tag: an alert's type. */
    public static final String TAG_TYPE = "type";
    /** Tag: an alert's severity ({@code INFO}, {@code WARNING}, {@code CRITICAL}). */
    public static final String TAG_SEVERITY = "severity";

    /** Tag: a flow definition's name. */
    public static final String TAG_FLOW = "flow";
    /** Tag: a flow's final status ({@code completed}, {@code failed}, {@code compensated}). */
    public static final String TAG_STATUS = "status";
    /** Tag: a flow step's name. */
    public static final String TAG_STEP = "step";
    /** Tag: what a flow step does ({@code action} or {@code compensation}). */
    public static final String TAG_KIND = "kind";
    /** Tag: how a flow step's wait ended ({@code succeeded}, {@code failed} or {@code gave_up}). */
    public static final String TAG_RESULT = "result";

    /** Counter, records read from a topic that is not the app's internal one. Tags: topic. */
    public static final String EVENTS_IN = "pipeline.events.in";
    /** Counter, records written to a topic that is not the app's internal one. Tags: topic. */
    public static final String EVENTS_OUT = "pipeline.events.out";
    /**
     * Timer, from a record's event time to the moment it is written to an external topic; buckets from
     * 5 ms to 1 h (windowed results wait for their window to close). Tags: topic.
     */
    public static final String OUTPUT_LATENCY = "pipeline.output.latency";
    /** Counter, alerts written to the app's alerts topic. Tags: type, severity. */
    public static final String ALERTS = "pipeline.alerts";
    /** Counter, records sent to the dead-letter topic. Tags: reason. */
    public static final String DEAD_LETTERS = "pipeline.dlq.records";
    /** Counter, events a generator handed to its sink. Tags: generator, outcome. */
    public static final String GENERATOR_SENT = "pipeline.generator.sent";
    /** Gauge, 1 while the app is ready to serve (Kafka Streams RUNNING), else 0. */
    public static final String READY = "pipeline.app.ready";

    /** Counter, flows started. Tags: flow. */
    public static final String FLOWS_STARTED = "pipeline.flow.started";
    /** Counter, flows ended. Tags: flow, status. */
    public static final String FLOWS_ENDED = "pipeline.flow.ended";
    /** Timer with percentile histogram, a step's first command to the end of its wait. Tags: flow, step, kind, result. */
    public static final String FLOW_STEP_LATENCY = "pipeline.flow.step.latency";
    /** Counter, step attempts that timed out. Tags: flow, step, kind. */
    public static final String FLOW_STEP_TIMEOUTS = "pipeline.flow.step.timeouts";
    /** Counter, steps sent again after a timeout or a failed compensation. Tags: flow, step, kind. */
    public static final String FLOW_STEP_RETRIES = "pipeline.flow.step.retries";

    private PipelineMeters() {
    }
}
