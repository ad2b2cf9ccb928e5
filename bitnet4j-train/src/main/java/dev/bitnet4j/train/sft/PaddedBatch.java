package dev.bitnet4j.train.sft;

import java.util.List;

/**
 * Sequences as the trainer's [rows][context] arrays: row r's inputs are its tokens but the last, its targets
 * the tokens after each, and mask[r][t] says whether the prediction of targets[r][t] counts (an assistant
 * token). Longer sequences are cut at {@code context} inputs; shorter ones are padded with id 0, not counted.
 */
public record PaddedBatch(int[][] tokens, int[][] targets, boolean[][] mask) {

    public static PaddedBatch of(List<ChatExample> rows, int context) {
        int[][] tokens = new int[rows.size()][context], targets = new int[rows.size()][context];
        boolean[][] mask = new boolean[rows.size()][context];
        for (int r = 0; r < rows.size(); r++) {
            ChatExample e = rows.get(r);
            int n = Math.min(context, e.tokens().length - 1);
            for (int t = 0; t < n; t++) {
                tokens[r][t] = e.tokens()[t];
                targets[r][t] = e.tokens()[t + 1];
                mask[r][t] = e.assistant()[t + 1];
            }
        }
        return new PaddedBatch(tokens, targets, mask);
    }

    /** How many predictions count. */
    public int counted() {
        int n = 0;
        for (boolean[] row : mask) for (boolean b : row) if (b) n++;
        return n;
    }
}
