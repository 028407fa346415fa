package dev.fusion4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every subcommand has: its output streams and {@code --[no-]progress}. */
abstract class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show progress on standard error: encoding, and each training epoch (default: shown).")
    boolean progress;

    /** Where results go: standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where notes and progress go: standard error. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        run();
        out().flush();
        err().flush();
        return ExitCode.OK;
    }

    /** Does the work; a failure's exception becomes the exit code ({@link ExitCode#of}). */
    abstract void run() throws Exception;
}
