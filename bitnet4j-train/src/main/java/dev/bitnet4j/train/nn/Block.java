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
    // saved activations (this layer's own, or shared by every layer of a forward-only model)
    private final float[] xIn, n1, rstd1, q, k, v, att, n2, rstd2, xMid, n3, rstd3, gate, up, f, n4, rstd4;
    private final LinearInput in1, in2, in3, in4;

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
        xIn = a.xIn;
        n1 = a.n1;
        rstd1 = a.rstd1;
        q = a.q;
        k = a.k;
        v = a.v;
        att = a.att;
        n2 = a.n2;
        rstd2 = a.rstd2;
        xMid = a.xMid;
        n3 = a.n3;
        rstd3 = a.rstd3;
        gate = a.gate;
        up = a.up;
        f = a.f;
        n4 = a.n4;
        rstd4 = a.rstd4;
        in1 = a.in1;
        in2 = a.in2;
        in3 = a.in3;
        in4 = a.in4;
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
