package dev.bitnet4j.train.data;

import dev.bitnet4j.BitNetException;
import dev.bitnet4j.format.Json;
import dev.bitnet4j.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DataPreparerTest {
    @TempDir
    Path dir;

    /** The expected stream: documents in the seed's order, each encoded and followed by EOS. */
    private static List<Integer> expected(Tokenizer tok, List<String> docs, int[] order, int from, int to) {
        List<Integer> ids = new ArrayList<>();
        for (int k = from; k < to; k++) {
            for (int id : tok.encode(docs.get(order[k]), false)) ids.add(id);
            ids.add(tok.eosIds().getFirst());
        }
        return ids;
    }

    private static List<Integer> all(TokenSplit split) {
        List<Integer> ids = new ArrayList<>();
        for (long i = 0; i < split.size(); i++) ids.add(split.token(i));
        return ids;
    }

    @Test
    void tokensAreTheEncodedDocumentsShuffledAndJoinedWithEos() throws IOException {
        Path tokDir = TestCorpus.tokenizer(dir.resolve("tok"));
        List<String> docs = new ArrayList<>(TestCorpus.documents(20));
        docs.set(3, "text with <|eot_id|> inside stays text");
        List<Path> files = TestCorpus.textFiles(dir.resolve("in"), docs);
        Path out = dir.resolve("data.bin");
        TokenFileHeader h = DataPreparer.prepare(tokDir, Corpus.of(files), out, 0.2, 42);

        Tokenizer tok = Tokenizer.load(tokDir.resolve(Tokenizer.FILE));
        int[] order = DataPreparer.shuffledOrder(20, 42);
        assertNotEquals(List.of(0, 1, 2), List.of(order[0], order[1], order[2]), "shuffled");
        assertEquals(16, h.trainDocuments());
        assertEquals(4, h.valDocuments());
        assertEquals(2, h.tokenBytes());
        assertEquals(320, h.vocabSize());
        assertEquals(tok.tokenId("<|eot_id|>").getAsInt(), h.eosId());
        try (TokenFile tf = TokenFile.open(out)) {
            assertEquals(h, tf.header());
            assertEquals(expected(tok, docs, order, 0, 16), all(tf.train()));
            assertEquals(expected(tok, docs, order, 16, 20), all(tf.validation()));
            assertEquals(16, tf.train().documents());
            assertEquals(h.trainTokens(), tf.train().size());
            tf.requireTokenizer(tokDir);
            Path other = TestCorpus.tokenizer(dir.resolve("tok2"));
            Files.writeString(other.resolve("tokenizer.json"), Files.readString(other.resolve("tokenizer.json")) + "\n");
            assertTrue(assertThrows(BitNetException.class, () -> tf.requireTokenizer(other)).getMessage().contains("another tokenizer.json"));
        }
    }

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnotherOrder() throws IOException {
        Path tokDir = TestCorpus.tokenizer(dir.resolve("tok"));
        Corpus corpus = Corpus.of(TestCorpus.textFiles(dir.resolve("in"), TestCorpus.documents(30)));
        DataPreparer.prepare(tokDir, corpus, dir.resolve("a.bin"), 0.1, 7);
        DataPreparer.prepare(tokDir, corpus, dir.resolve("b.bin"), 0.1, 7);
        DataPreparer.prepare(tokDir, corpus, dir.resolve("c.bin"), 0.1, 8);
        byte[] a = Files.readAllBytes(dir.resolve("a.bin"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b.bin")));
        assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("c.bin"))));
        assertEquals(a.length, Files.size(dir.resolve("c.bin")));
    }

    @Test
    void splitSizes() {
        assertEquals(0, DataPreparer.validationDocuments(100, 0));
        assertEquals(5, DataPreparer.validationDocuments(100, 0.05));
        assertEquals(1, DataPreparer.validationDocuments(10, 0.01));    // at least one
        assertEquals(1, DataPreparer.validationDocuments(2, 0.05));
        assertEquals(3, DataPreparer.validationDocuments(4, 0.99));     // at least one for training
        assertEquals(0, DataPreparer.validationDocuments(1, 0.5));      // one document: training only
    }

    @Test
    void jsonlAndBlankLineDocuments() throws IOException {
        Path tokDir = TestCorpus.tokenizer(dir.resolve("tok"));
        Path jsonl = dir.resolve("a.jsonl");
        Files.writeString(jsonl, "{\"text\": \"first one\", \"id\": 1}\n\n{\"text\": \"second\\nline 😀\"}\n{\"text\": \"  \"}\n");
        Path text = Files.writeString(dir.resolve("b.txt"), "para one\nstill one\n\n \n\r\npara two\r\nend\n\n");
        List<String> docs = new ArrayList<>();
        new Corpus(List.of(jsonl, text), InputFormat.AUTO, "text", DocumentSeparator.BLANK_LINE).forEachDocument(docs::add);
        assertEquals(List.of("first one", "second\nline 😀", "para one\nstill one", "para two\nend"), docs);

        Path out = dir.resolve("d.bin");
        TokenFileHeader h = DataPreparer.prepare(tokDir, new Corpus(List.of(jsonl, text), InputFormat.AUTO, "text",
                DocumentSeparator.BLANK_LINE), out, 0, 1);
        assertEquals(4, h.trainDocuments());
        assertEquals(0, h.valTokens());
        Tokenizer tok = Tokenizer.load(tokDir.resolve(Tokenizer.FILE));
        int[] order = DataPreparer.shuffledOrder(4, 1);
        try (TokenFile tf = TokenFile.open(out)) {
            assertEquals(expected(tok, docs, order, 0, 4), all(tf.train()));
        }
    }

    @Test
    void malformedJsonlNamesFileLineAndProblem() throws IOException {
        Map<String, String> cases = Map.of(
                "{\"text\": \"ok\"}\n\n{\"text\": \"x\"", "line 3: not JSON",
                "{\"text\": \"ok\"}\n{\"body\": \"x\"}", "line 2: no field \"text\"",
                "{\"text\": 12}", "line 1: field \"text\" is not a string but a number",
                "[\"text\"]", "line 1: expected a JSON object");
        Path tokDir = TestCorpus.tokenizer(dir.resolve("tok"));
        int i = 0;
        for (var c : cases.entrySet()) {
            Path f = Files.writeString(dir.resolve("bad" + i++ + ".jsonl"), c.getKey());
            BitNetException e = assertThrows(BitNetException.class,
                    () -> DataPreparer.prepare(tokDir, Corpus.of(List.of(f)), dir.resolve("x.bin"), 0.1, 1));
            assertTrue(e.getMessage().startsWith(f + ": " + c.getValue()), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("x.bin")));
        Path f = Files.writeString(dir.resolve("field.jsonl"), "{\"body\": \"x\"}");
        List<String> docs = new ArrayList<>();
        new Corpus(List.of(f), InputFormat.JSONL, "body", DocumentSeparator.FILE).forEachDocument(docs::add);
        assertEquals(List.of("x"), docs);
    }

    @Test
    void badInputsAreClearErrors() throws IOException {
        Path tokDir = TestCorpus.tokenizer(dir.resolve("tok"));
        Path good = Files.writeString(dir.resolve("good.txt"), "some text");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[]{'c', 'a', 'f', (byte) 0xE9, ' '});
        Path latin1Jsonl = Files.write(dir.resolve("latin1.jsonl"), ("{\"text\": \"a\"}\n\"" + (char) 0xE9 + "\"").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path empty = Files.writeString(dir.resolve("empty.txt"), " \n");
        Path out = dir.resolve("o.bin");
        assertError("not valid UTF-8 at byte 3", () -> DataPreparer.prepare(tokDir, Corpus.of(List.of(latin1)), out, 0.1, 1));
        assertError("latin1.jsonl: line 2: not valid UTF-8", () -> DataPreparer.prepare(tokDir, Corpus.of(List.of(latin1Jsonl)), out, 0.1, 1));
        assertError("missing.txt: file not found", () -> DataPreparer.prepare(tokDir, Corpus.of(List.of(dir.resolve("missing.txt"))), out, 0.1, 1));
        assertError("no documents", () -> DataPreparer.prepare(tokDir, Corpus.of(List.of(empty)), out, 0.1, 1));
        assertError("no tokenizer.json", () -> DataPreparer.prepare(dir.resolve("nope"), Corpus.of(List.of(good)), out, 0.1, 1));
        assertError("--val-fraction", () -> DataPreparer.prepare(tokDir, Corpus.of(List.of(good)), out, 1.0, 1));
        assertError("is a folder", () -> DataPreparer.prepare(tokDir, Corpus.of(List.of(good)), dir, 0.1, 1));
        Files.writeString(tokDir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<|begin_of_text|>\"}");
        assertError("names no eos_token", () -> DataPreparer.prepare(tokDir, Corpus.of(List.of(good)), out, 0.1, 1));
        assertFalse(Files.exists(out));
    }

    @Test
    void aLargeVocabularyUsesFourBytesPerToken() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "Hello world, this is Llama 3's tokenizer.");
        TokenFileHeader h = DataPreparer.prepare(TestCorpus.LLAMA3_TOKENIZER, Corpus.of(List.of(f)), dir.resolve("o.bin"), 0.05, 3);
        assertEquals(4, h.tokenBytes());
        assertEquals(128256, h.vocabSize());
        Tokenizer tok = Tokenizer.load(TestCorpus.LLAMA3_TOKENIZER.resolve(Tokenizer.FILE));
        try (TokenFile tf = TokenFile.open(dir.resolve("o.bin"))) {
            assertEquals(expected(tok, List.of(Files.readString(f)), new int[]{0}, 0, 1), all(tf.train()));
            assertEquals(0, tf.validation().size());
        }
        assertEquals("<|eot_id|>", Json.read(TestCorpus.LLAMA3_TOKENIZER.resolve("tokenizer_config.json")).get("eos_token").asText());
    }

    static void assertError(String part, org.junit.jupiter.api.function.Executable run) {
        BitNetException e = assertThrows(BitNetException.class, run);
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
}
