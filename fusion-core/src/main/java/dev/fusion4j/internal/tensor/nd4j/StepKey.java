package dev.fusion4j.internal.tensor.nd4j;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a tensor operation computes: its name, its input arrays (by identity) and its other
 * arguments (axes, shapes, scalar bits). Equal keys at the same position of two calls mean the
 * step of the first can be rerun for the second.
 */
final class StepKey {
    private final String operation;
    private final INDArray[] inputs;
    private final long[] arguments;

    StepKey(String operation, INDArray[] inputs, long... arguments) {
        this.operation = operation;
        this.inputs = inputs.clone();
        this.arguments = arguments.clone();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof StepKey key) || !operation.equals(key.operation) || inputs.length != key.inputs.length
                || !Arrays.equals(arguments, key.arguments)) {
            return false;
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != key.inputs[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = operation.hashCode() * 31 + Arrays.hashCode(arguments);
        for (INDArray input : inputs) {
            hash = hash * 31 + System.identityHashCode(input);
        }
        return hash;
    }
}
