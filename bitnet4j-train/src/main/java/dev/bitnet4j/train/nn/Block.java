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
    /** Saved activations: this layer's own, or shared by every layer of a forward-only model. */
    private final Activations a;

    Block(ModelConfig c, Params p, int layer, Quantization mode, Matmul mm, Rope rope, int batch, int seqLen, Scratch scratch,
          Activations a) {
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
        qProj = new BitLinear(p.get(pre + "self_attn.q_proj.weight"), mode, mm, scratch.dyScaled);
        kProj = new BitLinear(p.get(pre + "self_attn.k_proj.weight"), mode, mm, scratch.dyScaled);
        vProj = new BitLinear(p.get(pre + "self_attn.v_proj.weight"), mode, mm, scratch.dyScaled);
        oProj = new BitLinear(p.get(pre + "self_attn.o_proj.weight"), mode, mm, scratch.dyScaled);
        gateProj = new BitLinear(p.get(pre + "mlp.gate_proj.weight"), mode, mm, scratch.dyScaled);
        upProj = new BitLinear(p.get(pre + "mlp.up_proj.weight"), mode, mm, scratch.dyScaled);
        downProj = new BitLinear(p.get(pre + "mlp.down_proj.weight"), mode, mm, scratch.dyScaled);
        attention = new Attention(batch, seqLen, heads, kvHeads, c.headDim(), mm, a.probs);
        this.a = a;
    }

    /** x [R, H]: the residual stream, updated in place. */
    void forward(float[] x) {
        System.arraycopy(x, 0, a.xIn, 0, R * H);
        RmsNorm.forward(a.n1, a.rstd1, a.xIn, inNorm.value(), R, H, eps);
        a.in1.set(a.n1, R, mode);
        qProj.forward(a.in1, R, a.q);
        kProj.forward(a.in1, R, a.k);
        vProj.forward(a.in1, R, a.v);
        rope.forward(a.q, R, heads);
        rope.forward(a.k, R, kvHeads);
        attention.forward(a.att, a.q, a.k, a.v);
        RmsNorm.forward(a.n2, a.rstd2, a.att, subNorm.value(), R, Q, eps);
        a.in2.set(a.n2, R, mode);
        oProj.forward(a.in2, R, scratch.proj);
        for (int i = 0; i < R * H; i++) x[i] += scratch.proj[i];

        System.arraycopy(x, 0, a.xMid, 0, R * H);
        RmsNorm.forward(a.n3, a.rstd3, a.xMid, postNorm.value(), R, H, eps);
        a.in3.set(a.n3, R, mode);
        gateProj.forward(a.in3, R, a.gate);
        upProj.forward(a.in3, R, a.up);
        ReluSquaredGlu.forward(a.f, a.gate, a.up, R * I);
        RmsNorm.forward(a.n4, a.rstd4, a.f, ffnNorm.value(), R, I, eps);
        a.in4.set(a.n4, R, mode);
        downProj.forward(a.in4, R, scratch.proj);
        for (int i = 0; i < R * H; i++) x[i] += scratch.proj[i];
    }

    /** dx [R, H]: dL/d(output stream) in, dL/d(input stream) out; parameter gradients are added. */
    void backward(float[] dx) {
        Scratch s = scratch;
        // feed-forward block (the residual passes dx through unchanged)
        Arrays.fill(s.dNormI, 0f);
        downProj.backward(dx, s.dNormI);
        Arrays.fill(s.dF, 0f);
        RmsNorm.backward(s.dF, ffnNorm.grad(), s.dNormI, a.f, ffnNorm.value(), a.rstd4, R, I);
        ReluSquaredGlu.backward(s.dGate, s.dUp, s.dF, a.gate, a.up, R * I);
        Arrays.fill(s.dNormH, 0f);
        gateProj.backward(s.dGate, s.dNormH);
        upProj.backward(s.dUp, s.dNormH);
        RmsNorm.backward(dx, postNorm.grad(), s.dNormH, a.xMid, postNorm.value(), a.rstd3, R, H);

        // attention block
        Arrays.fill(s.dNormQ, 0f);
        oProj.backward(dx, s.dNormQ);
        Arrays.fill(s.dAtt, 0f);
        RmsNorm.backward(s.dAtt, subNorm.grad(), s.dNormQ, a.att, subNorm.value(), a.rstd2, R, Q);
        attention.backward(s.dq, s.dk, s.dv, s.dAtt, a.q, a.k, a.v);
        rope.backward(s.dq, R, heads);
        rope.backward(s.dk, R, kvHeads);
        Arrays.fill(s.dNormH, 0f);
        qProj.backward(s.dq, s.dNormH);
        kProj.backward(s.dk, s.dNormH);
        vProj.backward(s.dv, s.dNormH);
        RmsNorm.backward(dx, inNorm.grad(), s.dNormH, a.xIn, inNorm.value(), a.rstd1, R, H);
    }
}
