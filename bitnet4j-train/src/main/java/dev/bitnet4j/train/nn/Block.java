package dev.bitnet4j.train.nn;

import dev.bitnet4j.model.ModelConfig;

import java.util.Arrays;

/**
 * One transformer layer of spec §3 over R = B·T rows, keeping what its backward pass needs:
 * x += o(subnorm(attention(rope(q(n)), rope(k(n)), v(n)))) with n = rmsnorm(x), then
 * x += down(subnorm(relu(gate(n))² ⊙ up(n))) with n = rmsnorm(x).
 */
final class Block {
    private final int R, H, Q, KV, I, heads, kvHeads;
    private final float eps;
    private final Quantization mode;
    private final Param inNorm, subNorm, postNorm, ffnNorm;
    private final BitLinear qProj, kProj, vProj, oProj, gateProj, upProj, downProj;
    private final Rope rope;
    private final Attention attention;
    private final Scratch scratch;
    // saved activations
    private final float[] xIn, n1, rstd1, q, k, v, att, n2, rstd2, xMid, n3, rstd3, gate, up, f, n4, rstd4;
    private final LinearInput in1, in2, in3, in4;

    Block(ModelConfig c, Params p, int layer, Quantization mode, Matmul mm, Rope rope, int batch, int seqLen, Scratch scratch) {
        R = batch * seqLen;
        H = c.hiddenSize();
        Q = c.qDim();
        KV = c.kvDim();
        I = c.intermediateSize();
        heads = c.numHeads();
        kvHeads = c.numKvHeads();
        eps = c.rmsNormEps();
        this.mode = mode;
        this.rope = rope;
        this.scratch = scratch;
        String pre = Params.layerPrefix(layer);
        inNorm = p.get(pre + "input_layernorm.weight");
        subNorm = p.get(pre + "self_attn.attn_sub_norm.weight");
        postNorm = p.get(pre + "post_attention_layernorm.weight");
        ffnNorm = p.get(pre + "mlp.ffn_sub_norm.weight");
        qProj = new BitLinear(p.get(pre + "self_attn.q_proj.weight"), mode, mm, R);
        kProj = new BitLinear(p.get(pre + "self_attn.k_proj.weight"), mode, mm, R);
        vProj = new BitLinear(p.get(pre + "self_attn.v_proj.weight"), mode, mm, R);
        oProj = new BitLinear(p.get(pre + "self_attn.o_proj.weight"), mode, mm, R);
        gateProj = new BitLinear(p.get(pre + "mlp.gate_proj.weight"), mode, mm, R);
        upProj = new BitLinear(p.get(pre + "mlp.up_proj.weight"), mode, mm, R);
        downProj = new BitLinear(p.get(pre + "mlp.down_proj.weight"), mode, mm, R);
        attention = new Attention(batch, seqLen, heads, kvHeads, c.headDim());
        xIn = new float[R * H];
        n1 = new float[R * H];
        rstd1 = new float[R];
        q = new float[R * Q];
        k = new float[R * KV];
        v = new float[R * KV];
        att = new float[R * Q];
        n2 = new float[R * Q];
        rstd2 = new float[R];
        xMid = new float[R * H];
        n3 = new float[R * H];
        rstd3 = new float[R];
        gate = new float[R * I];
        up = new float[R * I];
        f = new float[R * I];
        n4 = new float[R * I];
        rstd4 = new float[R];
        in1 = new LinearInput(R, H);
        in2 = new LinearInput(R, Q);
        in3 = new LinearInput(R, H);
        in4 = new LinearInput(R, I);
    }

    /** x [R, H]: the residual stream, updated in place. */
    void forward(float[] x) {
        System.arraycopy(x, 0, xIn, 0, R * H);
        RmsNorm.forward(n1, rstd1, xIn, inNorm.value(), R, H, eps);
        in1.set(n1, R, mode);
        qProj.forward(in1, R, q);
        kProj.forward(in1, R, k);
        vProj.forward(in1, R, v);
        rope.forward(q, R, heads);
        rope.forward(k, R, kvHeads);
        attention.forward(att, q, k, v);
        RmsNorm.forward(n2, rstd2, att, subNorm.value(), R, Q, eps);
        in2.set(n2, R, mode);
        oProj.forward(in2, R, scratch.proj);
        for (int i = 0; i < R * H; i++) x[i] += scratch.proj[i];

        System.arraycopy(x, 0, xMid, 0, R * H);
        RmsNorm.forward(n3, rstd3, xMid, postNorm.value(), R, H, eps);
        in3.set(n3, R, mode);
        gateProj.forward(in3, R, gate);
        upProj.forward(in3, R, up);
        ReluSquaredGlu.forward(f, gate, up, R * I);
        RmsNorm.forward(n4, rstd4, f, ffnNorm.value(), R, I, eps);
        in4.set(n4, R, mode);
        downProj.forward(in4, R, scratch.proj);
        for (int i = 0; i < R * H; i++) x[i] += scratch.proj[i];
    }

    /** dx [R, H]: dL/d(output stream) in, dL/d(input stream) out; parameter gradients are added. */
    void backward(float[] dx) {
        Scratch s = scratch;
        // feed-forward block (the residual passes dx through unchanged)
        Arrays.fill(s.dNormI, 0f);
        downProj.backward(dx, s.dNormI);
        Arrays.fill(s.dF, 0f);
        RmsNorm.backward(s.dF, ffnNorm.grad(), s.dNormI, f, ffnNorm.value(), rstd4, R, I);
        ReluSquaredGlu.backward(s.dGate, s.dUp, s.dF, gate, up, R * I);
        Arrays.fill(s.dNormH, 0f);
        gateProj.backward(s.dGate, s.dNormH);
        upProj.backward(s.dUp, s.dNormH);
        RmsNorm.backward(dx, postNorm.grad(), s.dNormH, xMid, postNorm.value(), rstd3, R, H);

        // attention block
        Arrays.fill(s.dNormQ, 0f);
        oProj.backward(dx, s.dNormQ);
        Arrays.fill(s.dAtt, 0f);
        RmsNorm.backward(s.dAtt, subNorm.grad(), s.dNormQ, att, subNorm.value(), rstd2, R, Q);
        attention.backward(s.dq, s.dk, s.dv, s.dAtt, q, k, v);
        rope.backward(s.dq, R, heads);
        rope.backward(s.dk, R, kvHeads);
        Arrays.fill(s.dNormH, 0f);
        qProj.backward(s.dq, s.dNormH);
        kProj.backward(s.dk, s.dNormH);
        vProj.backward(s.dv, s.dNormH);
        RmsNorm.backward(dx, inNorm.grad(), s.dNormH, xIn, inNorm.value(), rstd1, R, H);
    }
}
