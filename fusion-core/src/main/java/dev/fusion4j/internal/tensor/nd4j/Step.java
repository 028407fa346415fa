package dev.fusion4j.internal.tensor.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The result array of one tensor operation and the kernels that compute it, in order. */
record Step(INDArray output, Kernel[] kernels) {
    /** A step that computes nothing: its output is a view or is filled from the host. */
    static Step of(INDArray output) {
        return new Step(output, new Kernel[0]);
    }

    /** Runs {@code kernels} once and returns them as a step. */
    static Step run(INDArray output, Kernel... kernels) {
        Step step = new Step(output, kernels);
        step.rerun();
        return step;
    }

    void rerun() {
        for (Kernel kernel : kernels) {
            kernel.run();
        }
    }

    /** Frees the kernels' native state; the step must not run again. */
    void closeKernels() {
        for (Kernel kernel : kernels) {
            kernel.close();
        }
    }
}
