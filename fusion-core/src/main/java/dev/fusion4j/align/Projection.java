package dev.fusion4j.align;

import dev.fusion4j.data.Features;
import dev.fusion4j.data.Modality;

/** One modality's affine map into a shared space: {@code (x - offset) W}, with {@code W} of shape {@code [in, out]}. */
final class Projection {
    private final Modality modality;
    private final double[] offset;
    private final double[][] weights;

    /** Keeps the arrays: callers hand over arrays nobody else holds. */
    Projection(Modality modality, double[] offset, double[][] weights) {
        this.modality = modality;
        this.offset = offset;
        this.weights = weights;
    }

    Modality modality() {
        return modality;
    }

    int inputWidth() {
        return offset.length;
    }

    int outputWidth() {
        return weights[0].length;
    }

    Features apply(Features vector) {
        if (vector.isSequence()) {
            throw new IllegalArgumentException("modality '" + modality + "' is projected from vectors, got a sequence "
                    + vector + "; pool it first (for example its mean over steps)");
        }
        if (vector.dim() != inputWidth()) {
            throw new IllegalArgumentException("modality '" + modality + "' is projected from vectors of width "
                    + inputWidth() + ", got width " + vector.dim());
        }
        float[] out = new float[outputWidth()];
        for (int k = 0; k < out.length; k++) {
            double sum = 0;
            for (int j = 0; j < offset.length; j++) {
                sum += (vector.get(0, j) - offset[j]) * weights[j][k];
            }
            out[k] = (float) sum;
        }
        return Features.vector(out);
    }
}
