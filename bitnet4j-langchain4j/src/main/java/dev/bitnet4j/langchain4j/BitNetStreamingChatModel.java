package dev.bitnet4j.langchain4j;

import dev.bitnet4j.generate.Generator;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;

/**
 * A LangChain4j {@link StreamingChatModel} running a BitNet b1.58 model in this JVM: as
 * {@link BitNetChatModel}, with each piece of the reply passed to
 * {@link StreamingChatResponseHandler#onPartialResponse} as it is generated (the pieces concatenate to
 * the complete response's text), then {@code onCompleteResponse}, or {@code onError} instead.
 * <p>
 * Generation runs on the calling thread: {@code chat} returns once the handler has had its last call.
 * {@link StreamingHandle#cancel()} from a partial response's context stops generation after the current
 * token, and the handler is called no more.
 */
public final class BitNetStreamingChatModel extends EngineBackedModel implements StreamingChatModel {
    private BitNetStreamingChatModel(ChatEngine engine) {
        super(engine);
    }

    /** A builder: set {@code modelPath} or {@code languageModel}, then {@code build()}. */
    public static BitNetChatModelBuilder<BitNetStreamingChatModel> builder() {
        return new BitNetChatModelBuilder<>(BitNetStreamingChatModel::new);
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Handle handle = new Handle();
        ChatResponse response;
        try {
            response = engine.chat(request, Generator.TokenListener.text(text -> {
                if (handle.cancelled) throw Handle.STOP;
                handler.onPartialResponse(new PartialResponse(text), new PartialResponseContext(handle));
            }));
        } catch (Cancelled stop) {
            return;
        } catch (RuntimeException e) {
            handler.onError(e);
            return;
        }
        if (!handle.cancelled) handler.onCompleteResponse(response);
    }

    /** Unwinds the generation from inside the token listener once the handler has cancelled. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    private static final class Handle implements StreamingHandle {
        static final Cancelled STOP = new Cancelled();
        volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
