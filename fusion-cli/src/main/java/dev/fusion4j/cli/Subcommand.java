package dev.fusion4j.cli;

import dev.fusion4j.data.Encoder;
import dev.fusion4j.dataset.CacheStats;
import dev.fusion4j.dataset.DatasetEncoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every subcommand has: its output streams, {@code --[no-]progress} and {@code --cache}. */
abstract class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show progress on standard error: encoding, and each training epoch (default: shown).")
    boolean progress;

    @Option(names = "--cache", paramLabel = "DIR", description = "Keep encoded features in this directory "
            + "(made if missing) and reuse them: an input already there, by encoder and file content, is not "
            + "encoded again.")
    Path cache;

    /** Where results go: standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Where notes and progress go: standard error. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A dataset encoder's settings: progress as asked, the cache if given; add the encoders. */
    DatasetEncoder.Builder datasetEncoder() {
        DatasetEncoder.Builder builder = DatasetEncoder.builder().progress(progress);
        return cache == null ? builder : builder.cache(cache);
    }

    /** Says on standard error what the cache did, if there is one. */
    void reportCache(DatasetEncoder encoder) {
        if (cache != null) {
            CacheStats stats = encoder.cacheStats();
            err().printf("embedding cache %s: %d inputs found, %d encoded and stored%n", cache, stats.hits(),
                    stats.misses());
        }
    }

    /** Closes the encoders that hold native resources; a failure to close is noted, not thrown. */
    void closeAll(Collection<? extends Encoder<?>> encoders) {
        for (Encoder<?> encoder : encoders) {
            if (encoder instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    err().println("note: closing " + encoder.description() + " failed: " + e);
                }
            }
        }
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
