/**
 * Training native 1.58-bit models: data preparation and tokenizer training ({@code train.data}),
 * hand-written forward and backward passes with BitLinear fake quantization and straight-through
 * gradients, optimizers and schedules, SFT, DPO and evaluation. The recipe is the one of the BitNet b1.58
 * 2B4T report; a trained model is exported as a model folder the engine loads as it is.
 */
package dev.bitnet4j.train;
