package dev.bitnet4j.train.nn;

/**
 * The reference matmuls: plain loops, each sum added left to right. {@link #forward} adds in the order of the
 * engine's scalar float matmul, so the trainer's lm_head gives the engine's logits bit for bit.
 */
public final class ScalarMatmul implements MatmulKernel {

    @Override
    public void forward(float[] y, float[] x, float[] w, int T, int K, int N, int n0, int n1) {
        for (int n = n0; n < n1; n++) {
            for (int t = 0; t < T; t++) {
                float acc = 0;
                for (int k = 0; k < K; k++) acc += w[n * K + k] * x[t * K + k];
                y[t * N + n] = acc;
            }
        }
    }

    @Override
    public void backwardInput(float[] dx, float[] dy, float[] w, int T, int K, int N, int t0, int t1) {
        for (int t = t0; t < t1; t++) {
            for (int n = 0; n < N; n++) {
                float d = dy[t * N + n];
                for (int k = 0; k < K; k++) dx[t * K + k] += d * w[n * K + k];
            }
        }
    }

    @Override
    public void backwardWeight(float[] dw, float[] dy, float[] x, int T, int K, int N, int n0, int n1) {
        for (int n = n0; n < n1; n++) {
            for (int t = 0; t < T; t++) {
                float d = dy[t * N + n];
                for (int k = 0; k < K; k++) dw[n * K + k] += d * x[t * K + k];
            }
        }
    }
}
