package dev.fusion4j.align;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Regularised canonical correlation analysis (Commons Math): projections {@code W_x, W_y} that
 * map two views into a shared k-dimensional space where paired samples are maximally correlated.
 * With centred views and covariances {@code C_xx + r I}, {@code C_yy + r I}, {@code C_xy}, the
 * singular value decomposition of {@code C_xx^{-1/2} C_xy C_yy^{-1/2} = U S Vᵀ} gives the canonical
 * correlations {@code S} and {@code W_x = C_xx^{-1/2} U}, {@code W_y = C_yy^{-1/2} V}. The ridge
 * {@code r} keeps everything finite when there are more features than samples. Immutable.
 */
public final class CanonicalCorrelation {
    private final double[] meanX;
    private final double[] meanY;
    private final RealMatrix wx;
    private final RealMatrix wy;
    private final double[] correlations;

    private CanonicalCorrelation(double[] meanX, double[] meanY, RealMatrix wx, RealMatrix wy, double[] correlations) {
        this.meanX = meanX;
        this.meanY = meanY;
        this.wx = wx;
        this.wy = wy;
        this.correlations = correlations;
    }

    /**
     * @param x {@code [n][dx]} first view
     * @param y {@code [n][dy]} second view, row i paired with x's row i
     * @param k components, at most {@code min(dx, dy)}
     * @param ridge added to the diagonal of both covariances, ≥ 0
     */
    public static CanonicalCorrelation fit(double[][] x, double[][] y, int k, double ridge) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need ≥ 2 paired rows, got " + x.length + " and " + y.length);
        }
        int dx = x[0].length;
        int dy = y[0].length;
        if (k < 1 || k > Math.min(dx, dy)) {
            throw new IllegalArgumentException("k must be in [1, " + Math.min(dx, dy) + "], got " + k);
        }
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("ridge must be ≥ 0, got " + ridge);
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
        double[] s = svd.getSingularValues();
        double[] correlations = new double[k];
        System.arraycopy(s, 0, correlations, 0, k);
        RealMatrix wx = ix.multiply(svd.getU().getSubMatrix(0, dx - 1, 0, k - 1));
        RealMatrix wy = iy.multiply(svd.getV().getSubMatrix(0, dy - 1, 0, k - 1));
        return new CanonicalCorrelation(mx, my, wx, wy, correlations);
    }

    /** The canonical correlations, largest first. */
    public double[] correlations() {
        return correlations.clone();
    }

    /** The first view's rows in the shared space {@code [n][k]}. */
    public double[][] transformX(double[][] x) {
        return centred(x, meanX).multiply(wx).getData();
    }

    /** The second view's rows in the shared space {@code [n][k]}. */
    public double[][] transformY(double[][] y) {
        return centred(y, meanY).multiply(wy).getData();
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
            if (rows[i].length != mean.length) {
                throw new IllegalArgumentException("row " + i + " has width " + rows[i].length + ", expected " + mean.length);
            }
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = rows[i][j] - mean[j];
            }
        }
        return new Array2DRowRealMatrix(out, false);
    }
}
