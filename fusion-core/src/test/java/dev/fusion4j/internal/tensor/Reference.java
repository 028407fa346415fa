package dev.fusion4j.internal.tensor;

import org.apache.commons.math3.special.Erf;

/** Plain-Java reference implementations, written from the formulas, for small row-major arrays. */
final class Reference {
    private Reference() {
    }

    /** [batch, n, k] x [batch, k, m]. */
    static float[] matmul(float[] a, float[] b, int batch, int n, int k, int m, boolean sharedRight) {
        float[] out = new float[batch * n * m];
        for (int z = 0; z < batch; z++) {
            int bOffset = sharedRight ? 0 : z * k * m;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (double) a[z * n * k + i * k + p] * b[bOffset + p * m + j];
                    }
                    out[z * n * m + i * m + j] = (float) sum;
                }
            }
        }
        return out;
    }

    /** Softmax of each row of width {@code width}. */
    static float[] softmaxRows(float[] x, int width) {
        float[] out = new float[x.length];
        for (int r = 0; r < x.length / width; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, x[r * width + j]);
            }
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += Math.exp(x[r * width + j] - max);
            }
            for (int j = 0; j < width; j++) {
                out[r * width + j] = (float) (Math.exp(x[r * width + j] - max) / sum);
            }
        }
        return out;
    }

    static float[] layerNormRows(float[] x, int width, double eps) {
        float[] out = new float[x.length];
        for (int r = 0; r < x.length / width; r++) {
            double mean = 0;
            for (int j = 0; j < width; j++) {
                mean += x[r * width + j];
            }
            mean /= width;
            double variance = 0;
            for (int j = 0; j < width; j++) {
                double d = x[r * width + j] - mean;
                variance += d * d;
            }
            variance /= width;
            for (int j = 0; j < width; j++) {
                out[r * width + j] = (float) ((x[r * width + j] - mean) / Math.sqrt(variance + eps));
            }
        }
        return out;
    }

    static float gelu(float x) {
        return (float) (0.5 * x * (1 + Erf.erf(x / Math.sqrt(2))));
    }

    /** Reduction of a [d0, d1, d2] array along {@code axis}: kind is "sum", "mean" or "max". */
    static float[] reduce3(float[] x, int[] dims, int axis, String kind) {
        int[] outDims = dims.clone();
        outDims[axis] = 1;
        float[] out = new float[outDims[0] * outDims[1] * outDims[2]];
        for (int i = 0; i < outDims[0]; i++) {
            for (int j = 0; j < outDims[1]; j++) {
                for (int k = 0; k < outDims[2]; k++) {
                    double acc = kind.equals("max") ? Double.NEGATIVE_INFINITY : 0;
                    for (int r = 0; r < dims[axis]; r++) {
                        int[] idx = {i, j, k};
                        idx[axis] = r;
                        float v = x[(idx[0] * dims[1] + idx[1]) * dims[2] + idx[2]];
                        acc = kind.equals("max") ? Math.max(acc, v) : acc + v;
                    }
                    if (kind.equals("mean")) {
                        acc /= dims[axis];
                    }
                    out[(i * outDims[1] + j) * outDims[2] + k] = (float) acc;
                }
            }
        }
        return out;
    }

    /** Permutation of a [d0, d1, d2] array. */
    static float[] permute3(float[] x, int[] dims, int[] axes) {
        int[] outDims = {dims[axes[0]], dims[axes[1]], dims[axes[2]]};
        float[] out = new float[x.length];
        for (int i = 0; i < dims[0]; i++) {
            for (int j = 0; j < dims[1]; j++) {
                for (int k = 0; k < dims[2]; k++) {
                    int[] src = {i, j, k};
                    int a = src[axes[0]];
                    int b = src[axes[1]];
                    int c = src[axes[2]];
                    out[(a * outDims[1] + b) * outDims[2] + c] = x[(i * dims[1] + j) * dims[2] + k];
                }
            }
        }
        return out;
    }
}
