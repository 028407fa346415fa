package dev.fusion4j.model;

import dev.fusion4j.train.EpochMetrics;
import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shows training progress: a bar redrawn in place on a terminal, one log line per epoch otherwise. */
final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final int BAR = 30;

    private final boolean enabled;
    private final boolean terminal;
    private final int epochs;
    private final PrintStream out = System.err;

    Progress(boolean enabled, int epochs) {
        this.enabled = enabled;
        this.terminal = System.console() != null;
        this.epochs = epochs;
    }

    void batch(int epoch, int batch, int batches) {
        if (enabled && terminal) {
            int filled = (int) ((long) BAR * batch / batches);
            out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d", epoch, epochs, "=".repeat(filled),
                    " ".repeat(BAR - filled), batch, batches);
        }
    }

    void epoch(EpochMetrics m) {
        if (!enabled) {
            return;
        }
        String line = String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  validation loss %.4f  metric %.4f  (%.1f s)",
                m.epoch(), epochs, m.trainingLoss(), m.validationLoss(), m.validationMetric(), m.seconds());
        if (terminal) {
            out.print("\r" + line + " ".repeat(10) + "\n");
        } else {
            LOG.info(line);
        }
    }
}
