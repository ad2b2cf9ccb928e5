package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.TokenLogprobs;
import dev.bitnet4j.generate.constrain.JsonConstraint;
import dev.bitnet4j.generate.constrain.TokenConstraint;

/**
 * Runs one completion in a slot: encodes the prompt, checks it against the context, waits for a
 * slot, generates, and answers either with one object or as a stream of chunks.
 */
final class CompletionRunner {
    private final SlotPool pool;
    private final PromptEncoder encoder;
    private final String modelId;

    CompletionRunner(SlotPool pool, PromptEncoder encoder, String modelId) {
        this.pool = pool;
        this.encoder = encoder;
        this.modelId = modelId;
    }

    /** The whole answer as one chat.completion / text_completion object. */
    ObjectNode complete(CompletionParams p) throws InterruptedException {
        GenerateRequest req = request(p);
        OpenAiShapes shapes = new OpenAiShapes(p.chat(), modelId);
        LogprobsBuilder logprobs = new LogprobsBuilder(encoder.tokenizer(), p.chat());
        GenerateResult r;
        try (SlotPool.Lease lease = pool.acquire()) {
            r = lease.generator().generate(req, new Generator.TokenListener() {
                @Override
                public void onToken(int id, String text) {}

                @Override
                public void onToken(int id, String text, TokenLogprobs lp) {
                    logprobs.add(lp);
                }
            });
            lease.finished(r.finishReason());
        }
        return shapes.result(r.text(), r.finishReason().openAiName(), r.promptTokens(), r.ids().length, logprobs.drain());
    }

    /**
     * Streams the answer as chunks, then {@code [DONE]}. When a write fails the client has gone: the
     * generation is cancelled (it stops after the current token) and the slot is freed.
     */
    void stream(CompletionParams p, SseStream out) throws InterruptedException {
        GenerateRequest req = request(p);
        OpenAiShapes shapes = new OpenAiShapes(p.chat(), modelId);
        boolean usage = p.includeUsage();
        LogprobsBuilder logprobs = new LogprobsBuilder(encoder.tokenizer(), p.chat());
        try (SlotPool.Lease lease = pool.acquire()) {
            Generator generator = lease.generator();
            if (p.chat()) out.send(shapes.roleChunk(usage));
            Generator.TokenListener listener = new Generator.TokenListener() {
                @Override
                public void onToken(int id, String text) {
                    onToken(id, text, null);
                }

                @Override
                public void onToken(int id, String text, TokenLogprobs lp) {
                    // a token that only completes part of a character, or may start a stop string, has no
                    // text yet: its logprobs wait for the chunk that carries its text
                    logprobs.add(lp);
                    if (text == null || text.isEmpty() || out.clientGone()) return;
                    if (!out.send(shapes.chunk(text, null, usage, logprobs.drain()))) generator.cancel();
                }

                @Override
                public void onTail(String text) {
                    if (!text.isEmpty()) out.send(shapes.chunk(text, null, usage, logprobs.drain()));
                }
            };
            if (out.clientGone()) generator.cancel();
            GenerateResult r = generator.generate(req, listener);
            lease.finished(out.clientGone() ? GenerateResult.FinishReason.CANCELLED : r.finishReason());
            out.send(shapes.chunk(null, r.finishReason().openAiName(), usage, logprobs.drain()));
            if (usage) out.send(shapes.usageChunk(r.promptTokens(), r.ids().length));
            out.done();
        }
    }

    /** The engine's request: the prompt must leave room for one new token; max_tokens is capped at what fits. */
    private GenerateRequest request(CompletionParams p) {
        int[] ids = encoder.encode(p);
        int ctx = pool.contextSize();
        if (ids.length >= ctx) {
            throw new ApiError(400, ApiError.INVALID_REQUEST, "the prompt has " + ids.length + " tokens but the context holds "
                    + ctx + " (and needs room for at least one new token); shorten the prompt or start the server with a larger --ctx-size",
                    p.chat() ? "messages" : "prompt", "context_length_exceeded");
        }
        int room = ctx - ids.length;
        int maxTokens = p.maxTokens() == null ? room : Math.min(p.maxTokens(), room);
        TokenConstraint constraint = p.jsonSchema() == null ? null : new JsonConstraint(p.jsonSchema(), encoder.tokenizer());
        return new GenerateRequest(ids, maxTokens, p.sampling(), p.stop(), false, constraint, p.logprobs());
    }
}
