package dev.bitnet4j.train.optim;

import dev.bitnet4j.model.ModelConfig;
import dev.bitnet4j.model.ModelShape;
import dev.bitnet4j.train.nn.Param;
import dev.bitnet4j.train.nn.Params;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamWTest {
    static ModelConfig tinyConfig() {
        return ModelConfig.fromJson(new ModelShape(8, 16, 1, 2, 1, 32).config(false), "test");
    }

    /** Expected values computed by hand (in double) from the javadoc's formulas: gradients 0.5, −1, 0.25, lr 0.1, wd 0.1. */
    @Test
    void threeStepsMatchHandComputedValues() {
        Params params = Params.zeros(tinyConfig());
        Param linear = params.get("model.layers.0.mlp.up_proj.weight");
        Param norm = params.get("model.norm.weight");
        Param embedding = params.get("model.embed_tokens.weight");
        linear.value()[3] = 1f;
        norm.value()[0] = 1f;
        embedding.value()[5] = 1f;
        AdamW adam = new AdamW(params);
        float[] grads = {0.5f, -1f, 0.25f};
        double[] decayed = {0.890000002, 0.9174373965715928, 0.9219853370539607};
        double[] notDecayed = {0.900000002, 0.9363373965915929, 0.9500597110396767};
        for (int s = 0; s < 3; s++) {
            params.zeroGrad();
            linear.grad()[3] = grads[s];
            norm.grad()[0] = grads[s];
            embedding.grad()[5] = grads[s];
            adam.step(0.1, 0.1);
            assertEquals(decayed[s], linear.value()[3], 1e-6, "LINEAR, step " + (s + 1));
            assertEquals(decayed[s], embedding.value()[5], 1e-6, "EMBEDDING, step " + (s + 1));
            assertEquals(notDecayed[s], norm.value()[0], 1e-6, "NORM is never decayed, step " + (s + 1));
        }
        assertEquals(0f, linear.value()[0], "a zero weight with zero gradients stays zero");
        assertEquals(3, adam.steps());
        // m after three steps: 0.9·(0.9·0.05 − 0.1) + 0.025 = −0.0245
        assertEquals(-0.0245, adam.firstMoment(linear.name())[3], 1e-7);
    }

    @Test
    void clippingScalesToTheMaximumNormAndReturnsTheNormBefore() {
        Params params = Params.zeros(tinyConfig());
        params.get("model.norm.weight").grad()[0] = 3f;
        params.get("model.layers.0.self_attn.q_proj.weight").grad()[7] = 4f;
        assertEquals(5.0, GradientClip.clip(params, 1.0), 1e-12);
        assertEquals(1.0, GradientClip.norm(params), 1e-6);
        assertEquals(0.6f, params.get("model.norm.weight").grad()[0], 1e-6f);
        assertEquals(0.8f, params.get("model.layers.0.self_attn.q_proj.weight").grad()[7], 1e-6f);
        assertEquals(1.0, GradientClip.clip(params, 2.0), 1e-6, "below the maximum: unchanged");
        assertEquals(0.6f, params.get("model.norm.weight").grad()[0], 1e-6f);
    }
}
