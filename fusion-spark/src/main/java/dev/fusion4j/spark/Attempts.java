package dev.fusion4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs a batch function on a whole batch and, where that fails, on one element at a time. */
final class Attempts {
    private Attempts() {
    }

    /** Handles the failure of one element, whose result stays null. */
    interface OnFailure {
        void failed(int index, RuntimeException e);
    }

    /**
     * {@code batch(inputs)}; if that throws, each input's own result, null for the inputs that
     * fail alone, each reported to {@code onFailure}.
     */
    static <I, O> List<O> batchThenEach(List<I> inputs, Function<List<I>, List<O>> batch, OnFailure onFailure) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        RuntimeException whole;
        try {
            return batch.apply(inputs);
        } catch (RuntimeException e) {
            whole = e;
        }
        List<O> outputs = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            try {
                outputs.add(inputs.size() == 1 ? rethrow(whole) : batch.apply(List.of(inputs.get(k))).get(0));
            } catch (RuntimeException e) {
                onFailure.failed(k, e);
                outputs.add(null);
            }
        }
        return outputs;
    }

    private static <O> O rethrow(RuntimeException e) {
        throw e;
    }
}
