package io.signalbridge.scoring;

/**
 * Platt scaling: a one-feature logistic regression of the outcome on the logit of a model's probability,
 * fitted by Newton's method (two parameters, so a closed 2×2 step; deterministic and exact to convergence).
 */
final class Calibration {

    private static final int MAX_ITERATIONS = 50;

    private Calibration() {
    }

    static TrainedModels.Platt platt(double[] probabilities, boolean[] outcomes) {
        int positives = 0;
        for (boolean o : outcomes) {
            positives += o ? 1 : 0;
        }
        if (positives == 0 || positives == outcomes.length) {
            return TrainedModels.Platt.IDENTITY;
        }
        double[] x = new double[probabilities.length];
        for (int i = 0; i < x.length; i++) {
            double p = Math.min(Math.max(probabilities[i], 1e-12), 1 - 1e-12);
            x[i] = Math.log(p / (1 - p));
        }
        double a = 1;
        double b = 0;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < x.length; i++) {
                double p = 1 / (1 + Math.exp(-(a * x[i] + b)));
                double residual = p - (outcomes[i] ? 1 : 0);
                double w = Math.max(p * (1 - p), 1e-12);
                ga += residual * x[i];
                gb += residual;
                haa += w * x[i] * x[i];
                hab += w * x[i];
                hbb += w;
            }
            double determinant = haa * hbb - hab * hab;
            if (Math.abs(determinant) < 1e-12) {
                break;
            }
            double da = (hbb * ga - hab * gb) / determinant;
            double db = (haa * gb - hab * ga) / determinant;
            a -= da;
            b -= db;
            if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) {
                break;
            }
        }
        return new TrainedModels.Platt(a, b, outcomes.length, positives);
    }
}
