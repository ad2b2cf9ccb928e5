/**
 * The model the trainer trains, written by hand in the manner of llm.c: BitNet b1.58 exactly as the engine
 * computes it (spec bitnet-b1.58.md §3), in fp32 over latent weights, with BitLinear fake quantization and
 * straight-through gradients (training.md) or without quantization. {@link dev.bitnet4j.train.nn.TrainModel} runs
 * the forward and backward passes over a batch; {@link dev.bitnet4j.train.nn.Params} holds the weights and their
 * gradients; one small class per layer kind keeps what its backward pass needs; {@link dev.bitnet4j.train.nn.Matmul}
 * runs the vector matmul kernels (tested against their scalar twin) on a pool of threads. Every backward pass
 * is checked against finite differences in the tests.
 */
package dev.bitnet4j.train.nn;
