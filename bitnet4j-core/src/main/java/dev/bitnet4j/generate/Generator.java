package dev.bitnet4j.generate;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.model.KVCache;
import dev.bitnet4j.tokenizer.StreamingDecoder;
import dev.bitnet4j.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.Set;

/**
 * The generation loop: the prompt in one batched forward pass, then one token at a time through the
 * KV cache, sampling each, until EOS, a stop string, max tokens or the end of the context.
 */
public final class Generator {

    /** Receives generated tokens as they come. */
    public interface TokenListener {
        /** One token and the text it completes (empty when held back; null without a tokenizer). */
        void onToken(int id, String text);

        /** At the end: text that was held back (a partial character or a possible stop-string prefix). */
        default void onTail(String text) {}
    }

    private final BitNetModel model;
    private final Tokenizer tokenizer;   // may be null: then no text and no stop strings
    private final int contextSize;

    public Generator(BitNetModel model, Tokenizer tokenizer, int contextSize) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.contextSize = Math.min(contextSize, model.config().maxPositions());
    }

    public GenerateResult generate(GenerateRequest req, TokenListener listener) {
        int[] prompt = req.promptIds();
        int vocab = model.config().vocabSize();
        for (int id : prompt) {
            if (id < 0 || id >= vocab) {
                throw new BitNetException("prompt token id " + id + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
        }
        if (prompt.length >= contextSize) {
            throw new BitNetException("the prompt has " + prompt.length + " tokens but the context holds " + contextSize
                    + " (and needs room for at least one new token); shorten the prompt or raise the context size");
        }
        if (!req.stopStrings().isEmpty() && tokenizer == null) {
            throw new BitNetException("stop strings need a tokenizer, and " + model.folder() + " has no " + Tokenizer.FILE);
        }
        Set<Integer> eos = model.generationDefaults().eosTokenIds();
        Sampler sampler = new Sampler(req.sampling(), vocab);
        StreamingDecoder decoder = tokenizer == null ? null : tokenizer.streamingDecoder(true);
        StopStrings stops = new StopStrings(req.stopStrings());
        StringBuilder text = new StringBuilder();

        KVCache cache = model.newCache(contextSize);
        int[] history = Arrays.copyOf(prompt, prompt.length + req.maxTokens());
        int n = prompt.length;
        long t0 = System.nanoTime();
        float[] logits = req.maxTokens() > 0 ? model.forward(prompt, cache, false) : null;
        long t1 = System.nanoTime();
        GenerateResult.FinishReason finish = GenerateResult.FinishReason.LENGTH;
        boolean stoppedByString = false;
        for (int i = 0; i < req.maxTokens(); i++) {
            int id = sampler.sample(logits, 0, history, n);
            history[n++] = id;
            if (!req.ignoreEos() && eos.contains(id)) {
                finish = GenerateResult.FinishReason.STOP;
                break;
            }
            String piece = null;
            if (decoder != null) {
                StopStrings.Step step = stops.accept(decoder.accept(id));
                piece = step.emit();
                text.append(piece);
                if (step.stopped()) {
                    listener.onToken(id, piece);
                    finish = GenerateResult.FinishReason.STOP;
                    stoppedByString = true;
                    break;
                }
            }
            listener.onToken(id, piece);
            if (i + 1 == req.maxTokens() || cache.length() == cache.contextSize()) break;
            logits = model.forward(new int[]{id}, cache, false);
        }
        long t2 = System.nanoTime();
        if (decoder != null && !stoppedByString) {
            StopStrings.Step step = stops.accept(decoder.flush());
            String tail = step.emit() + (step.stopped() ? "" : stops.flush());
            if (step.stopped()) finish = GenerateResult.FinishReason.STOP;
            text.append(tail);
            listener.onTail(tail);
        }
        int[] ids = Arrays.copyOfRange(history, prompt.length, n);
        return new GenerateResult(ids, decoder == null ? null : text.toString(), finish, prompt.length, t1 - t0, t2 - t1);
    }
}
