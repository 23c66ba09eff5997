package org.tgssalt.train.synthetic;

import java.util.Random;
import org.tgssalt.image.BinaryMask;
import org.tgssalt.image.KaggleImage;

/**
 * The top (or bottom) of a salt body: a smooth curve across the image, salt lying below it (or
 * above it). The curve is a sum of a few low-frequency waves, sometimes with a dome, shifted
 * vertically until the salt covers the wanted fraction of the image.
 */
final class Boundary {
    private static final double TWO_PI = 2 * StrictMath.PI;

    private final boolean fromBottom;
    private final double[] curve; // row of the boundary at each column
    private final boolean empty;

    private Boundary(boolean fromBottom, double[] curve, boolean empty) {
        this.fromBottom = fromBottom;
        this.curve = curve;
        this.empty = empty;
    }

    /** A random boundary whose salt covers about {@code coverage} of the image (0: no salt). */
    static Boundary random(Random random, double coverage) {
        boolean fromBottom = random.nextDouble() < 0.7;
        double a1 = 3 + 12 * random.nextDouble();
        double f1 = 0.3 + 1.2 * random.nextDouble();
        double p1 = TWO_PI * random.nextDouble();
        double a2 = 1 + 4 * random.nextDouble();
        double f2 = 1.5 + 1.5 * random.nextDouble();
        double p2 = TWO_PI * random.nextDouble();
        boolean dome = random.nextDouble() < 0.4;
        double domeHeight = 15 + 40 * random.nextDouble();
        double domeCentre = KaggleImage.SIDE * random.nextDouble();
        double domeWidth = 8 + 17 * random.nextDouble();
        double[] shape = new double[KaggleImage.SIDE];
        for (int x = 0; x < KaggleImage.SIDE; x++) {
            double s = a1 * StrictMath.sin(TWO_PI * f1 * x / KaggleImage.SIDE + p1) + a2 * StrictMath.sin(TWO_PI * f2 * x / KaggleImage.SIDE + p2);
            if (dome) {
                double d = (x - domeCentre) / domeWidth;
                // A dome pushes the salt towards the image's far side.
                s += (fromBottom ? -1 : 1) * domeHeight * StrictMath.exp(-0.5 * d * d);
            }
            shape[x] = s;
        }
        if (coverage <= 0) {
            return new Boundary(fromBottom, shape, true);
        }
        // Coverage is monotonic in the offset: bisect for the offset that gives the target area.
        int target = (int) StrictMath.round(coverage * KaggleImage.SIDE * KaggleImage.SIDE);
        double low = -200;
        double high = 300;
        for (int iteration = 0; iteration < 50; iteration++) {
            double mid = (low + high) / 2;
            int area = new Boundary(fromBottom, shifted(shape, mid), false).area();
            boolean tooMuch = area > target;
            // From the bottom, a larger offset moves the curve down and shrinks the salt.
            if (tooMuch == fromBottom) {
                low = mid;
            } else {
                high = mid;
            }
        }
        Boundary b = new Boundary(fromBottom, shifted(shape, (low + high) / 2), false);
        return b.area() == 0 ? new Boundary(fromBottom, shape, true) : b;
    }

    /**
     * How far ({@code >= 0}, in rows) the pixel lies inside the salt, measured vertically from the
     * boundary; negative outside.
     */
    double depthInside(int x, int y) {
        if (empty) {
            return -1;
        }
        return fromBottom ? y - curve[x] : curve[x] - y;
    }

    /** The salt mask. */
    BinaryMask mask() {
        boolean[] p = new boolean[KaggleImage.SIDE * KaggleImage.SIDE];
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                p[y * KaggleImage.SIDE + x] = depthInside(x, y) >= 0;
            }
        }
        return new BinaryMask(KaggleImage.SIDE, KaggleImage.SIDE, p);
    }

    private int area() {
        int n = 0;
        for (int y = 0; y < KaggleImage.SIDE; y++) {
            for (int x = 0; x < KaggleImage.SIDE; x++) {
                n += depthInside(x, y) >= 0 ? 1 : 0;
            }
        }
        return n;
    }

    private static double[] shifted(double[] shape, double offset) {
        double[] c = new double[shape.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = shape[i] + offset;
        }
        return c;
    }
}
