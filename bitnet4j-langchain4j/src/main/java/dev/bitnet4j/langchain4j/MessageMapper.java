package dev.bitnet4j.langchain4j;

import dev.bitnet4j.chat.ChatMessage;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;

import java.util.ArrayList;
import java.util.List;

/** LangChain4j messages to the engine's {role, content} turns, which the model's chat template renders. */
final class MessageMapper {
    private MessageMapper() {}

    /**
     * @throws UnsupportedFeatureException for what a text-only model without tools cannot take: images
     *                                     or other non-text user content, tool calls and tool results
     */
    static List<ChatMessage> toEngine(List<dev.langchain4j.data.message.ChatMessage> messages) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (dev.langchain4j.data.message.ChatMessage m : messages) {
            out.add(switch (m) {
                case SystemMessage s -> ChatMessage.system(s.text());
                case UserMessage u when u.hasSingleText() -> ChatMessage.user(u.singleText());
                case UserMessage u -> throw new UnsupportedFeatureException("bitnet4j models take text only; this user message has " + u.contents());
                case AiMessage a when !a.hasToolExecutionRequests() && a.text() != null -> ChatMessage.assistant(a.text());
                case AiMessage a -> throw new UnsupportedFeatureException("bitnet4j models do not call tools; this AI message has tool requests");
                default -> throw new UnsupportedFeatureException("bitnet4j models do not take " + m.type() + " messages");
            });
        }
        return out;
    }
}
