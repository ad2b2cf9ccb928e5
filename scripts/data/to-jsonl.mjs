// Converts one downloaded source into JSONL, one {"text": ...} document per line, for prepare-data and
// train-tokenizer. Usage: node to-jsonl.mjs fortunes|kjv|wordnet FILE... > out.jsonl
//   fortunes: fortune(6) files, quotes separated by lines holding only "%"       -> one quote per document
//   kjv:      the output of `bible -l100000 "Genesis 1:1-Revelation 22:21"`      -> one chapter per document
//   wordnet:  WordNet data.noun/verb/adj/adv files                               -> one synset per document:
//             "word, synonym: gloss; \"example\""
import { readFileSync } from 'node:fs';

const [mode, ...files] = process.argv.slice(2);
const out = (text) => { text = text.trim(); if (text) process.stdout.write(JSON.stringify({ text }) + '\n'); };
// Lenient decoding: a stray Latin-1 byte in an old fortune file becomes U+FFFD rather than stopping the run.
const read = (f) => new TextDecoder('utf-8').decode(readFileSync(f));

if (mode === 'fortunes') {
  for (const f of files) for (const quote of read(f).split(/^%\r?$/m)) out(quote);
} else if (mode === 'kjv') {
  // Chapters start with a "Book N" line; verses are "  N text" lines (the number is dropped).
  let chapter = [];
  for (const line of read(files[0]).split('\n')) {
    const verse = line.match(/^\s+\d+ (.*)$/);
    if (verse) chapter.push(verse[1]);
    else if (line.trim()) { out(chapter.join('\n')); chapter = [line.trim() + '\n']; }
  }
  out(chapter.join('\n'));
} else if (mode === 'wordnet') {
  for (const f of files) {
    for (const line of read(f).split('\n')) {
      if (!line || line.startsWith('  ')) continue;                // the licence header
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      const fields = line.slice(0, bar).split(' ');
      const count = parseInt(fields[3], 16);
      const words = [];
      for (let i = 0; i < count; i++) words.push(fields[4 + 2 * i].replace(/\(.*\)$/, '').replaceAll('_', ' '));
      out(words.join(', ') + ': ' + line.slice(bar + 3));
    }
  }
} else {
  console.error('usage: node to-jsonl.mjs fortunes|kjv|wordnet FILE...');
  process.exit(2);
}
