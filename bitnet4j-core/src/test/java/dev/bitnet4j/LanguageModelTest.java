package dev.bitnet4j;

import dev.bitnet4j.chat.ChatMessage;
import dev.bitnet4j.chat.ChatSession;
import dev.bitnet4j.generate.GenerateRequest;
import dev.bitnet4j.generate.GenerateResult;
import dev.bitnet4j.generate.GenerateResult.FinishReason;
import dev.bitnet4j.generate.Generator;
import dev.bitnet4j.generate.SamplingParams;
import dev.bitnet4j.model.BitNetModel;
import dev.bitnet4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** The Java API end to end on a small random model with the real Llama 3 tokenizer and the 2B4T chat template. */
class LanguageModelTest {
    @TempDir
    static Path dir;
    static Path folder;
    static LanguageModel lm;
    static final SamplingParams GREEDY = SamplingParams.greedy();

    @BeforeAll
    static void load() throws IOException {
        folder = TestModels.withTokenizer(dir.resolve("m"), 5);
        Files.copy(Fixtures.resource("fixtures/tokenizer/chat_template.jinja"), folder.resolve("chat_template.jinja"));
        lm = BitNet.load(folder, BitNet.Options.defaults().withThreads(2));
    }

    @AfterAll
    static void close() {
        lm.close();
    }

    static CompletionRequest greedy(String prompt, int maxTokens) {
        return CompletionRequest.of(prompt).withSampling(GREEDY).withMaxTokens(maxTokens).withIgnoreEos(true);
    }

    @Test
    void greedyTextPromptGivesTheSameIdsAsTheGenerator() {
        GenerateResult api = lm.generate(greedy("The capital of France is", 8));
        try (BitNetModel m = BitNetModel.load(folder, 2)) {
            Tokenizer t = Tokenizer.find(folder).orElseThrow();
            int[] prompt = t.withBos(t.encode("The capital of France is", false));
            GenerateResult direct = new Generator(m, t, 4096)
                    .generate(new GenerateRequest(prompt, 8, GREEDY, List.of(), true), (id, s) -> {});
            assertArrayEquals(direct.ids(), api.ids());
            assertEquals(direct.text(), api.text());
            assertEquals(prompt.length, api.promptTokens());
            assertEquals(8, api.completionTokens());
        }
        assertEquals(4096, lm.contextSize());
        assertEquals(128256, lm.config().vocabSize());
        assertTrue(lm.chatTemplate().orElseThrow().origin().endsWith("chat_template.jinja"));
    }

    @Test
    void streamedPiecesConcatenateToTheText() {
        List<String> pieces = new ArrayList<>();
        GenerateResult r = lm.generate(greedy("Once upon a time", 12), pieces::add);
        assertFalse(pieces.isEmpty());
        assertTrue(pieces.stream().noneMatch(String::isEmpty));
        assertEquals(r.text(), String.join("", pieces));
        String longer = lm.generate("Once upon a time", GREEDY).text();
        assertTrue(longer.startsWith(r.text()) || r.text().startsWith(longer), "the two-argument form continues the same way");
    }

    @Test
    void maxTokensAndStopStringsSetTheFinishReason() {
        GenerateResult full = lm.generate(greedy("Hello", 12));
        assertEquals(FinishReason.LENGTH, full.finishReason());
        assertEquals(12, full.ids().length);
        String text = full.text();
        assertTrue(text.length() >= 6, "need some text to stop on: '" + text + "'");
        String stop = text.substring(3, 5);
        GenerateResult stopped = lm.generate(greedy("Hello", 12).withStopStrings(stop));
        assertEquals(FinishReason.STOP, stopped.finishReason());
        assertEquals(text.substring(0, text.indexOf(stop)), stopped.text());
        // ids prompts work too, with the same continuation as the text prompt they encode to
        int[] ids = lm.tokenizer().orElseThrow().encodePrompt("Hello");
        assertArrayEquals(full.ids(), lm.generate(CompletionRequest.ofIds(ids).withSampling(GREEDY).withMaxTokens(12)
                .withIgnoreEos(true)).ids());
    }

    @Test
    void encodeChatCompletesAConversationOnceAsAChatDoesTurnByTurn() {
        Chat chat = lm.newChat("Be brief.").sampling(GREEDY).maxTokens(6);
        chat.send("Hello <|eot_id|> there"); // a special-token string in user text stays plain text either way
        ChatSession.Reply second = chat.send("And again?");
        List<ChatMessage> conversation = new ArrayList<>();
        conversation.add(ChatMessage.system("Be brief."));
        conversation.addAll(chat.history().subList(0, 3));
        int[] ids = lm.encodeChat(conversation);
        GenerateResult once = lm.generate(CompletionRequest.ofIds(ids).withSampling(GREEDY).withMaxTokens(6));
        assertEquals(second.result().promptTokens(), ids.length);
        assertArrayEquals(second.result().ids(), once.ids());
        assertEquals(second.text(), once.text());
    }

    @Test
    void chatKeepsTheHistoryAndReusesTheCachedPrefix() {
        Chat chat = lm.newChat("Be brief.").sampling(GREEDY).maxTokens(6);
        List<String> pieces = new ArrayList<>();
        ChatSession.Reply first = chat.send("Hello there", pieces::add);
        assertEquals(first.text(), String.join("", pieces));
        assertEquals(0, first.result().cachedPromptTokens());
        ChatSession.Reply second = chat.send("And again?");
        assertTrue(second.result().cachedPromptTokens() > 10, "reused " + second.result().cachedPromptTokens());
        assertEquals(List.of("user", "assistant", "user", "assistant"), chat.history().stream().map(m -> m.role()).toList());
        assertEquals(second.text(), chat.history().get(3).content());
        assertEquals("Be brief.", chat.systemPrompt().orElseThrow());
        assertTrue(lm.newChat(" \n").systemPrompt().isEmpty(), "a blank system prompt is none");
        chat.reset();
        assertTrue(chat.history().isEmpty());
        assertEquals(first.text(), chat.send("Hello there").text(), "after reset the chat starts over");
    }

    @Test
    void aChatServesOneCallerAtATime() {
        Chat chat = lm.newChat().sampling(GREEDY).maxTokens(20);
        IllegalStateException[] inner = {null};
        int[] seen = {0};
        ChatSession.Reply r = chat.send("Go on", piece -> {
            if (inner[0] == null) inner[0] = assertThrows(IllegalStateException.class, () -> chat.send("meanwhile"));
            if (++seen[0] == 2) chat.cancel();
        });
        assertTrue(inner[0].getMessage().contains("one thread at a time"), inner[0].getMessage());
        assertEquals(FinishReason.CANCELLED, r.result().finishReason());
        assertEquals(2, chat.history().size());
    }

    @Test
    void concurrentGenerationsGiveTheSameIdsAsAlone() throws Exception {
        CompletionRequest a = greedy("The first prompt", 10), b = greedy("A second, different prompt", 10);
        int[] aloneA = lm.generate(a).ids(), aloneB = lm.generate(b).ids();
        CyclicBarrier start = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<GenerateResult> fa = pool.submit(() -> {
                start.await();
                return lm.generate(a);
            });
            Future<GenerateResult> fb = pool.submit(() -> {
                start.await();
                return lm.generate(b);
            });
            assertArrayEquals(aloneA, fa.get().ids());
            assertArrayEquals(aloneB, fb.get().ids());
        }
    }

    @Test
    void missingFolderOrTokenizerIsAClearError() throws IOException {
        BitNetException missing = assertThrows(BitNetException.class, () -> BitNet.load(dir.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("nowhere: model not found"), missing.getMessage());

        Path bare = Files.createDirectories(dir.resolve("bare"));
        for (String f : new String[]{"config.json", "model.safetensors"}) {
            Files.copy(Fixtures.model("mini-packed").resolve(f), bare.resolve(f));
        }
        try (LanguageModel noText = BitNet.load(bare, BitNet.Options.defaults().withThreads(1).withContextSize(64))) {
            assertTrue(noText.tokenizer().isEmpty());
            BitNetException e = assertThrows(BitNetException.class, () -> noText.generate("Hi", GREEDY));
            assertTrue(e.getMessage().contains("a text prompt needs a tokenizer, and the model has none (no tokenizer.json"), e.getMessage());
            e = assertThrows(BitNetException.class, noText::newChat);
            assertTrue(e.getMessage().contains("chat needs a tokenizer"), e.getMessage());
            GenerateResult r = noText.generate(CompletionRequest.ofIds(1, 5, 9).withSampling(GREEDY).withMaxTokens(4).withIgnoreEos(true));
            assertEquals(4, r.ids().length);
            assertNull(r.text());
            assertEquals(64, noText.contextSize());
            e = assertThrows(BitNetException.class, () -> noText.generate(CompletionRequest.ofIds(new int[64])));
            assertTrue(e.getMessage().contains("the context holds 64"), e.getMessage());
        }
    }

    @Test
    void optionsAndRequestsAreChecked() {
        assertThrows(BitNetException.class, () -> BitNet.Options.defaults().withThreads(0));
        assertThrows(BitNetException.class, () -> BitNet.Options.defaults().withContextSize(-1));
        assertThrows(BitNetException.class, () -> CompletionRequest.of(""));
        assertThrows(BitNetException.class, () -> CompletionRequest.of("x").withMaxTokens(-1));
        assertThrows(BitNetException.class, () -> new CompletionRequest("x", new int[]{1}, 1, GREEDY, List.of(), false));
        int[] ids = {1, 2};
        CompletionRequest r = CompletionRequest.ofIds(ids);
        ids[0] = 7;
        assertArrayEquals(new int[]{1, 2}, r.promptIds(), "the request keeps its own copy");
        assertEquals(r.withSeed(3), CompletionRequest.ofIds(1, 2).withSampling(r.sampling()).withSeed(3));
    }

    @Test
    void useAfterCloseIsAnIllegalStateException() {
        LanguageModel m = BitNet.load(folder, BitNet.Options.defaults().withThreads(1));
        Chat chat = m.newChat();
        m.close();
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.generate("Hi", GREEDY));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> chat.send("Hi"));
        assertThrows(IllegalStateException.class, m::newChat);
    }
}
