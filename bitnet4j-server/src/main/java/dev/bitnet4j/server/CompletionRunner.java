package dev.bitnet4j.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.constrain.JsonConstraint;
import dev.bitnet4j.generate.constrain.TokenConstraint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Runs one completion: encodes the prompt, checks it against the context, hands it to the batch
 * scheduler, and answers either with one object or as a stream of chunks written from the request's
 * own thread.
 */
final class CompletionRunner {
    private final BatchScheduler scheduler;
    private final PromptEncoder encoder;
    private final String modelId;

    CompletionRunner(BatchScheduler scheduler, PromptEncoder encoder, String modelId) {
        this.scheduler = scheduler;
        this.encoder = encoder;
        this.modelId = modelId;
    }

    /** The whole answer as one chat.completion / text_completion object; cancelled if the client hangs up first. */
    ObjectNode complete(CompletionParams p, Request request, Response response) throws InterruptedException {
        GenerateRequest req = request(p);
        OpenAiShapes shapes = new OpenAiShapes(p.chat(), modelId);
        LogprobsBuilder logprobs = new LogprobsBuilder(encoder.tokenizer(), p.chat());
        Sequence seq = scheduler.submit(req, false);
        GenerateResult r;
        try (ClientWatch w = ClientWatch.start(request, response, seq::cancel)) {
            r = seq.await();
        }
        return shapes.result(r.text(), r.finishReason().openAiName(), r.promptTokens(), r.ids().length,
                logprobs.render(seq.drainLogprobs()));
    }

    /**
     * Streams the answer as chunks, each with the logprobs of its tokens when asked for, then
     * {@code [DONE]}. When a write fails the client has gone: the generation is cancelled (it leaves the
     * batch at the next step, or the queue before it starts). So it is when the client closes the
     * connection before any write ({@link ClientWatch}).
     */
    void stream(CompletionParams p, Request request, SseStream out) throws InterruptedException {
        GenerateRequest req = request(p);
        OpenAiShapes shapes = new OpenAiShapes(p.chat(), modelId);
        boolean usage = p.includeUsage();
        LogprobsBuilder logprobs = new LogprobsBuilder(encoder.tokenizer(), p.chat());
        Sequence seq = scheduler.submit(req, true);
        GenerateResult r;
        try (ClientWatch w = ClientWatch.start(request, out.response(), seq::cancel)) {
            if (p.chat() && !out.send(shapes.roleChunk(usage))) seq.cancel();
            for (Sequence.Piece piece; (piece = seq.nextPiece()) != null; ) {
                if (!out.clientGone() && !out.send(shapes.chunk(piece.text(), null, usage, logprobs.render(piece.logprobs())))) seq.cancel();
            }
            r = seq.await();
        }
        // the last chunk carries the logprobs of tokens whose text never came (such as a cut-off partial character)
        out.send(shapes.chunk(null, r.finishReason().openAiName(), usage, logprobs.render(seq.drainLogprobs())));
        if (usage) out.send(shapes.usageChunk(r.promptTokens(), r.ids().length));
        out.done();
    }

    /** The engine's request: the prompt must leave room for one new token; max_tokens is capped at what fits. */
    private GenerateRequest request(CompletionParams p) {
        int[] ids = encoder.encode(p);
        int ctx = scheduler.contextSize();
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
