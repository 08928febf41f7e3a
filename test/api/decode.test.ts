// decode (api/read-text.ts): files are read as bytes and decoded as latin1 when they are ASCII (the
// cheaper decoding, the same string), else as UTF-8; either way the text is what UTF-8 decoding gives.

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decode } from '../../api/read-text.js';

test('the same string as UTF-8 decoding: ASCII, BOM, accents, emoji, broken sequences, NUL', () => {
  const samples = [[], [0x41, 0x0a, 0x7f, 0x00], [0xef, 0xbb, 0xbf, 0x74, 0x2c], [0xc3, 0xa9], [0xf0, 0x9f, 0x98, 0x80],
    [0xff, 0xfe, 0x41], [0x80], [0xe2, 0x82], [0x61, 0xc3]];
  for (const bytes of samples) {
    const buffer = Buffer.from(bytes);
    assert.is(decode(buffer), buffer.toString('utf8'), JSON.stringify(bytes));
  }
});

test('the real traces decode as UTF-8 does', () => {
  for (const path of ['azure-llm-2023/conv.csv', 'mooncake-2025/conversation_trace.jsonl']) {
    const bytes = readFileSync(new URL(`../../../../shared/data/${path}`, import.meta.url));
    assert.ok(decode(bytes) === bytes.toString('utf8'), path);
  }
});

test.run();
