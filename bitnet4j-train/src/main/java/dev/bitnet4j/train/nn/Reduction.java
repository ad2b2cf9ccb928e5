package dev.bitnet4j.train.nn;

/** How per-token losses combine: summed (SFT, as in the 2B4T report) or averaged over the counted tokens. */
public enum Reduction { SUM, MEAN }
