package dev.fusion4j.align;

import dev.fusion4j.data.InvalidSampleException;
import dev.fusion4j.data.Modality;
import dev.fusion4j.data.MultimodalSample;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Regularised canonical correlation analysis (Commons Math): projections {@code W_x, W_y} that
 * map two modalities into a shared k-dimensional space where paired samples are maximally
 * correlated. With centred views and covariances {@code C_xx + r I}, {@code C_yy + r I},
 * {@code C_xy}, the singular value decomposition of {@code C_xx^{-1/2} C_xy C_yy^{-1/2} = U S Vᵀ}
 * gives the canonical correlations {@code S} and {@code W_x = C_xx^{-1/2} U},
 * {@code W_y = C_yy^{-1/2} V}; a vector {@code x} projects to {@code (x - mean_x) W_x}. The ridge
 * {@code r} keeps everything finite when there are more features than samples. Immutable and
 * thread-safe.
 */
public final class CanonicalCorrelation extends LinearJointSpace {
    private final double[] correlations;

    private CanonicalCorrelation(Projection first, Projection second, double[] correlations) {
        super(first, second);
        this.correlations = correlations;
    }

    /**
     * Fits on the samples that have both modalities, as vectors; samples lacking either are left out.
     *
     * @param samples paired samples: each sample's two vectors are one pair
     * @param first the modality {@code x}
     * @param second the modality {@code y}
     * @param components the shared width k, at most the smaller of the two vector widths
     * @param ridge added to the diagonal of both covariances, ≥ 0
     * @throws IllegalArgumentException if fewer than 2 samples have both modalities, the modalities
     *     are equal, or {@code components} or {@code ridge} is out of range
     * @throws InvalidSampleException if a feature is a sequence (pool it first) or its width differs
     *     from the same modality's in other samples
     */
    public static CanonicalCorrelation fit(List<MultimodalSample> samples, Modality first, Modality second,
                                           int components, double ridge) {
        PairedVectors pairs = PairedVectors.of(samples, first, second);
        double[][] x = toDouble(pairs.firstRows());
        double[][] y = toDouble(pairs.secondRows());
        int dx = x[0].length;
        int dy = y[0].length;
        if (components < 1 || components > Math.min(dx, dy)) {
            throw new IllegalArgumentException("components must be in [1, " + Math.min(dx, dy) + "] (the smaller width of '"
                    + first + "' and '" + second + "'), got " + components);
        }
        if (!(ridge >= 0) || ridge == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("ridge must be finite and ≥ 0, got " + ridge);
        }
        double[] mx = means(x);
        double[] my = means(y);
        RealMatrix cx = centred(x, mx);
        RealMatrix cy = centred(y, my);
        double n = x.length - 1;
        RealMatrix cxx = cx.transpose().multiply(cx).scalarMultiply(1 / n).add(MatrixUtils.createRealIdentityMatrix(dx)
                .scalarMultiply(ridge));
        RealMatrix cyy = cy.transpose().multiply(cy).scalarMultiply(1 / n).add(MatrixUtils.createRealIdentityMatrix(dy)
                .scalarMultiply(ridge));
        RealMatrix cxy = cx.transpose().multiply(cy).scalarMultiply(1 / n);
        RealMatrix ix = inverseSqrt(cxx);
        RealMatrix iy = inverseSqrt(cyy);
        SingularValueDecomposition svd = new SingularValueDecomposition(ix.multiply(cxy).multiply(iy));
        double[] correlations = new double[components];
        System.arraycopy(svd.getSingularValues(), 0, correlations, 0, components);
        RealMatrix wx = ix.multiply(svd.getU().getSubMatrix(0, dx - 1, 0, components - 1));
        RealMatrix wy = iy.multiply(svd.getV().getSubMatrix(0, dy - 1, 0, components - 1));
        return new CanonicalCorrelation(new Projection(first, mx, wx.getData()), new Projection(second, my, wy.getData()),
                correlations);
    }

    /** The canonical correlations, largest first: one per component. */
    public double[] correlations() {
        return correlations.clone();
    }

    private static RealMatrix inverseSqrt(RealMatrix symmetric) {
        EigenDecomposition eigen = new EigenDecomposition(symmetric);
        double[] values = eigen.getRealEigenvalues();
        double[] inverseRoots = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            inverseRoots[i] = values[i] > 1e-12 ? 1 / Math.sqrt(values[i]) : 0;
        }
        RealMatrix v = eigen.getV();
        return v.multiply(MatrixUtils.createRealDiagonalMatrix(inverseRoots)).multiply(v.transpose());
    }

    private static double[][] toDouble(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                out[i][j] = rows[i][j];
            }
        }
        return out;
    }

    private static double[] means(double[][] rows) {
        double[] mean = new double[rows[0].length];
        for (double[] row : rows) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j] / rows.length;
            }
        }
        return mean;
    }

    private static RealMatrix centred(double[][] rows, double[] mean) {
        double[][] out = new double[rows.length][mean.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = rows[i][j] - mean[j];
            }
        }
        return new Array2DRowRealMatrix(out, false);
    }
}
