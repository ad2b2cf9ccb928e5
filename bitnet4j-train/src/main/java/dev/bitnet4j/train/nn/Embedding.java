package dev.bitnet4j.train.nn;

import dev.bitnet4j.BitNetException;

/** Token embedding: row r of the output is row tokens[r] of the table [vocab, width]. */
final class Embedding {
    private Embedding() {}

    static void forward(float[] x, int[] tokens, float[] table, int width) {
        int vocab = table.length / width;
        for (int r = 0; r < tokens.length; r++) {
            int t = tokens[r];
            if (t < 0 || t >= vocab) {
                throw new BitNetException("token id " + t + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
            System.arraycopy(table, t * width, x, r * width, width);
        }
    }

    /** dtable[tokens[r]] += dx[r]. */
    static void backward(float[] dtable, float[] dx, int[] tokens, int width) {
        for (int r = 0; r < tokens.length; r++) {
            int o = tokens[r] * width;
            for (int i = 0; i < width; i++) dtable[o + i] += dx[r * width + i];
        }
    }
}
