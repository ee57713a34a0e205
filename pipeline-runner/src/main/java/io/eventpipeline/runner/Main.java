package io.eventpipeline.runner;

import io.eventpipeline.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./pipeline} command. Subcommands: {@code demo}, {@code broker}, {@code run <app>},
 * {@code generate <app>}, {@code bench <what>}. Exit codes: 0 done, 1 failed, 2 bad arguments or
 * configuration (with a message naming the argument or key).
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, version = "event-pipeline 0.1.0",
        description = "Runs the event pipeline locally: a real Kafka broker, the apps, their generators and benchmarks.",
        subcommands = {DemoCommand.class, BrokerCommand.class, RunCommand.class, GenerateCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println("configuration error: " + e.getMessage());
                return 2;
            }
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("failed: " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand; try ./pipeline demo");
    }
}
