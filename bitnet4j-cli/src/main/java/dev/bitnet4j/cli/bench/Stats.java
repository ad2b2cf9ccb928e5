package dev.bitnet4j.cli.bench;

/** Mean and sample standard deviation (n − 1) of repeated measurements; one measurement has deviation 0. */
public record Stats(double mean, double stddev, int count) {

    public static Stats of(double[] samples) {
        int n = samples.length;
        if (n == 0) throw new IllegalArgumentException("no samples");
        double sum = 0;
        for (double x : samples) sum += x;
        double mean = sum / n, squares = 0;
        for (double x : samples) squares += (x - mean) * (x - mean);
        return new Stats(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0, n);
    }
}
