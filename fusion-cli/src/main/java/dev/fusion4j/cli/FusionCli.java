package dev.fusion4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code fusion4j}: trains a pipeline (encoders and fusion model) from a manifest of files,
 * evaluates it, predicts with it and fills the embedding cache. Exit codes: see {@link ExitCode}.
 */
@Command(name = "fusion4j", mixinStandardHelpOptions = true, versionProvider = FusionCli.Version.class,
        description = "Multimodal fusion from a manifest of captions, WAVs and images.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, EncodeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:another failure (training diverged, an output could not be written, the engine failed)",
            "2:usage: an unknown option or subcommand, a missing or malformed value",
            "3:bad data: a missing or malformed manifest, a bad row (with --strict), an undecodable file, "
                    + "a label the pipeline does not know",
            "4:bad pipeline: a missing or invalid pipeline directory, an encoder that differs from the recorded one"})
public final class FusionCli {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On an error, print the stack trace too.")
    boolean verbose;

    private FusionCli() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, writing to standard output and error; {@code execute(args)} runs it. */
    static CommandLine commandLine() {
        FusionCli cli = new FusionCli();
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((failure, args) -> {
            CommandLine line = failure.getCommandLine();
            PrintWriter err = line.getErr();
            err.println(line.getColorScheme().errorText("error: " + failure.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(failure, err);
            err.println("see " + line.getCommandSpec().qualifiedName() + " --help");
            err.flush();
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            PrintWriter err = line.getErr();
            String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            err.println(line.getColorScheme().errorText("error: " + message));
            if (cli.verbose) {
                failure.printStackTrace(err);
            }
            err.flush();
            return ExitCode.of(failure);
        });
        return commandLine;
    }

    /** The version of this jar, from its manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = FusionCli.class.getPackage().getImplementationVersion();
            return new String[] {"fusion4j " + (version == null ? "development" : version)};
        }
    }
}
