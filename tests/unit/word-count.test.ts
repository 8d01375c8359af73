import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countWords } from '../../main/common/canonical-text';
import { fixture } from '../helpers';

/** The definition the single pass replaces: its count is the reference. */
const byRegex = (text: string) => text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;

test('the word count agrees with the regex definition on varied text', () => {
  const samples = [
    '',
    '   ',
    'one',
    "Don't stop — it's the well-known 2nd-hand shop's ‘best’ offer!",
    "-leading 'quote trailing- end' -- '' ’’ a--b a''b 3.14 1,000,000",
    'Ünïcödé naïve café résumé Ærøskøbing',
    'cafe\u0301 combining marks split e\u0301te\u0301',
    '東京は日本の首都です。中文句子，没有空格。한국어 문장도 있어요.',
    'Emoji 😀 between👍words, 👨‍👩‍👧 family, flags 🇫🇷 and keycaps 1️⃣',
    'Astral letters 𝐀𝐁𝐂 𠀀𠀁 and digits 𝟏𝟐 mixed a𝐀b',
    'Lone surrogates \ud800 here \udc00 and at the end \ud83d',
    'Arabic العربية, Hebrew עברית, Hindi हिन्दी, Thai ภาษาไทย',
    'Tabs\tnew\nlines\r\nand\u00a0no-break\u2009thin spaces',
    'Roman Ⅻ numerals ½ fractions ² superscripts ٣ Arabic-Indic digits',
  ];
  for (const text of samples) assert.equal(countWords(text), byRegex(text), JSON.stringify(text));
});

test('the word count agrees with the regex definition on random mixes of characters', () => {
  const alphabet = [..."aZ09'’-  .,\t\n—é\u0301東한😀𝐀\ud800\udc00_~ⅫÀ"];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let n = 0; n < 2000; n++) {
    let text = '';
    for (let len = Math.floor(next() * 40); len > 0; len--) text += alphabet[Math.floor(next() * alphabet.length)];
    assert.equal(countWords(text), byRegex(text), JSON.stringify(text));
  }
});

test("the word count agrees with the regex definition on the fixtures' prose and markup", () => {
  for (const file of ['essay.txt', 'digest.txt', 'note.md', 'article.html', 'latin1.html']) {
    const text = new TextDecoder().decode(fixture(file).bytes);
    assert.ok(byRegex(text) > 20, file);
    assert.equal(countWords(text), byRegex(text), file);
  }
});
