package dev.fusion4j.internal.tensor.nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keeps the steps of one caller's forward passes so that the next pass reruns them instead of
 * creating ND4J arrays and op contexts again (see {@link Nd4jModuleRunner} for why). The n-th
 * operation of a pass reuses the n-th step of an earlier pass with the same {@link StepKey}; each
 * position keeps the steps of its {@value #VARIANTS} most recent keys (input shapes vary). A step
 * whose arrays would take the kept ones past the budget runs once and is not kept: a pass too
 * large for the budget keeps its first steps and runs the rest as one-off operations. Not
 * thread-safe: one pass at a time. {@link #close()} frees the kept steps' arrays and op contexts.
 */
final class Nd4jArena implements AutoCloseable {
    static final int VARIANTS = 8;
    private static final long DEFAULT_BUDGET = 512L << 20;

    private final long budget;
    private final List<Map<StepKey, Kept>> positions = new ArrayList<>();
    private int position;
    private long allocated;
    private long keptBytes;
    /** The arrays made by the steps being built, innermost last. */
    private final List<INDArray> made = new ArrayList<>();

    /** A step and the arrays its build made (its output and its intermediates). */
    private record Kept(Step step, List<INDArray> arrays, long bytes) {
        void close() {
            step.closeKernels();
            for (INDArray array : arrays) {
                if (array.closeable()) {
                    array.close();
                }
            }
        }
    }

    /** An arena whose kept arrays stay within 256 MiB. */
    Nd4jArena() {
        this(DEFAULT_BUDGET);
    }

    /** An arena whose kept arrays stay within {@code budget} bytes. */
    Nd4jArena(long budget) {
        this.budget = budget;
    }

    /** Starts a pass. */
    void rewind() {
        position = 0;
    }

    /** Counts an array made by a step's build; it is freed with the step if the step is kept. */
    void allocated(INDArray array) {
        allocated += array.length() * array.dataType().width();
        made.add(array);
    }

    /** The output of the next operation: a kept step rerun, or {@code build}'s new one, kept. */
    INDArray step(StepKey key, Supplier<Step> build) {
        if (position == positions.size()) {
            positions.add(new LinkedHashMap<>(VARIANTS, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<StepKey, Kept> eldest) {
                    if (size() <= VARIANTS) {
                        return false;
                    }
                    keptBytes -= eldest.getValue().bytes();
                    return true;
                }
            });
        }
        Map<StepKey, Kept> variants = positions.get(position++);
        Kept kept = variants.get(key);
        if (kept != null) {
            kept.step().rerun();
            return kept.step().output();
        }
        long before = allocated;
        int first = made.size();
        Step step = build.get();
        long bytes = allocated - before;
        List<INDArray> arrays = made.subList(first, made.size());
        Kept built = new Kept(step, List.copyOf(arrays), bytes);
        arrays.clear();
        if (keptBytes + bytes > budget) {
            return step.output();   // ran once; forgetting kept steps instead would rebuild them every pass
        }
        variants.put(key, built);
        keptBytes += bytes;
        return step.output();
    }

    /** Frees every kept step; the arena must not be used again. */
    @Override
    public void close() {
        positions.forEach(variants -> variants.values().forEach(Kept::close));
        positions.clear();
        keptBytes = 0;
    }
}
