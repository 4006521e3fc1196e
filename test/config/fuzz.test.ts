// Seeded, bounded fuzz of the seed example nodes.json (test/config/fixtures/seed-nodes.json): never a crash or stack trace, exit 0 or 2, and on 2 nothing written.
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveGroups } from '../../src/actions/invoke.js';
import { findAction } from '../../src/actions/catalog.js';
import { loadConfigText } from '../../src/config/load.js';
import { parseDocument } from '../../src/config/parse.js';
import { decodeUtf8 } from '../../src/config/read.js';
import { HangarError } from '../../src/errors.js';
import { filesForGroup, planFiles } from '../../src/generate/index.js';
import { CLI } from '../helpers/project.js';
import { SEED, projectWith, snapshot } from './disk.js';

const SEED_VALUE = 0x5eed11;
const MUTATIONS = 300;
const CLI_SAMPLE = 12;

/** mulberry32: a small seeded PRNG, so a failure names a mutation that can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: Json): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every container in the value with its path, for picking a place to mutate. */
function containers(value: Json, out: { [key: string]: Json }[] = []): { [key: string]: Json }[] {
  if (isObject(value)) {
    out.push(value);
    for (const child of Object.values(value)) containers(child, out);
  } else if (Array.isArray(value)) for (const child of value) containers(child, out);
  return out;
}

const NASTY = ['{{x}}', '{{ user `aws_endpoint` }}', '`', '"', '\\', '\n', '\u0000', '\u001b[31m', '\u2028', 'é', '../../etc', ' '];
const RETYPE: Json[] = [null, 0, -1, 3.5, 1e308, '', 'x', true, false, [], {}, ['a', 1], { a: { b: 1 } }];

/** One mutation of the seed: a value-level edit, then sometimes a text-level one. Returns bytes and what was done. */
function mutate(rng: Rng): { bytes: Buffer; label: string } {
  const value = structuredClone(parseDocument('seed', SEED).value) as Json;
  const spots = containers(value);
  const spot = rng.pick(spots);
  const keys = Object.keys(spot);
  const key = keys.length ? rng.pick(keys) : 'k';
  const kind = rng.pick(['delete', 'retype', 'inject', 'deep', 'huge', 'rename', 'reserved', 'add']);
  switch (kind) {
    case 'delete':
      delete spot[key];
      break;
    case 'retype':
      spot[key] = structuredClone(rng.pick(RETYPE));
      break;
    case 'inject':
      spot[key] = `${typeof spot[key] === 'string' ? spot[key] : 'v'}${rng.pick(NASTY)}${rng.pick(NASTY)}`;
      break;
    case 'deep':
      spot[key] = 'DEEP-NESTING';
      break;
    case 'huge':
      spot[key] = rng.pick(NASTY).repeat(rng.pick([1000, 100_000]));
      break;
    case 'rename':
      spot[`${key}${rng.pick(['', 'x'.repeat(120), ' ', '/', '{{', '..'])}${rng.int(3)}`] = spot[key]!;
      delete spot[key];
      break;
    case 'reserved':
      spot[rng.pick(['__proto__', 'constructor', 'prototype', '__settings__', '__base__'])] = structuredClone(rng.pick(RETYPE));
      break;
    case 'add':
      spot[rng.pick(['nodemin', 'status', 'port', 'paths', 'packer', 'autoscale', 'services', 'toString', 'hasOwnProperty', 'valueOf'])] = structuredClone(
        rng.pick(RETYPE),
      );
      break;
  }
  // Deep nesting goes in as text: JSON.stringify itself would run out of stack at 5,000 levels.
  const depth = rng.pick([10, 62, 63, 64, 65, 200, 5000]);
  let text = JSON.stringify(value, null, 2).replace('"DEEP-NESTING"', `${'['.repeat(depth)}1${']'.repeat(depth)}`);
  let label = `${kind} ${key.slice(0, 30)}`;
  const textual = rng.pick(['none', 'none', 'duplicate', 'nan', 'cut', 'byte', 'json5']);
  const at = rng.int(text.length);
  if (textual === 'duplicate') {
    const keysAt = [...text.matchAll(/"[^"\\]*":/g)];
    const found = keysAt.length ? rng.pick(keysAt) : undefined;
    if (found) text = `${text.slice(0, found.index)}${found[0]} 1, ${text.slice(found.index)}`;
  } else if (textual === 'nan') text = text.replace(/: (\d+)/, rng.pick([': NaN', ': Infinity', ': -Infinity', ': 1e999']));
  else if (textual === 'cut') text = text.slice(0, at) + text.slice(at + rng.int(20));
  else if (textual === 'json5') text = `// fuzz\n${text.replace(/"([a-z_]+)":/g, '$1:')}`;
  label += ` / ${textual}`;
  let bytes = Buffer.from(text);
  if (textual === 'byte') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([rng.pick([0x80, 0xc0, 0xe2, 0xed, 0xff, 0x00])]), bytes.subarray(at)]);
  return { bytes, label };
}

/** In-process: decode, load, check plan's requirements, render and plan every group. Returns 0 or 2; any other throw fails. */
function runInProcess(bytes: Buffer, file: string): 0 | 2 {
  try {
    const config = loadConfigText(file, decodeUtf8(file, bytes));
    const plan = findAction('plan')!;
    const { groups } = resolveGroups(plan, config, []);
    planFiles(
      config,
      groups.flatMap((name) => filesForGroup(config, config.groups.get(name)!)),
    );
    return 0;
  } catch (error) {
    if (error instanceof HangarError && error.exitCode === 2) {
      expect(error.message).not.toMatch(/Maximum call stack|undefined undefined|\[object Object\]/);
      return 2;
    }
    throw error;
  }
}

describe(`fuzz: ${MUTATIONS} seeded mutations of the seed example nodes.json`, () => {
  const rng = prng(SEED_VALUE);
  const samples = Array.from({ length: MUTATIONS }, (_, index) => ({ index, ...mutate(rng) }));
  const project = projectWith(SEED);
  afterAll(() => project.cleanup());

  it('in-process: load + plan never crash; every refusal is a usage error (exit 2)', () => {
    const started = Date.now();
    const outcomes = { 0: 0, 2: 0 };
    for (const { index, bytes, label } of samples) {
      try {
        outcomes[runInProcess(bytes, `${project.dir}/nodes.json`)]++;
      } catch (error) {
        throw new Error(`mutation #${index} (${label}) crashed: ${(error as Error).stack}`);
      }
    }
    // Both outcomes occur: the fuzz reaches past the parser.
    expect(outcomes[0]).toBeGreaterThan(10);
    expect(outcomes[2]).toBeGreaterThan(10);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it(`through the CLI (a sample of ${CLI_SAMPLE}): exit 0 or 2, no stack trace, nothing written on 2`, async () => {
    const picked = samples.filter((_, i) => i % Math.floor(MUTATIONS / CLI_SAMPLE) === 0).slice(0, CLI_SAMPLE);
    for (const { index, bytes, label } of picked) {
      const dir = projectWith(bytes);
      try {
        const before = snapshot(dir.dir);
        const action = index % 2 ? 'role:create' : 'packer:create';
        const result = await execa('node', [CLI, action, '*'], { cwd: dir.dir, env: { NO_COLOR: '1' }, reject: false, stdin: 'ignore', timeout: 20_000 });
        const context = `mutation #${index} (${label}): ${result.stderr.slice(0, 400)}`;
        expect([0, 2], context).toContain(result.exitCode);
        expect(result.stderr, context).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
        if (result.exitCode === 2) expect(snapshot(dir.dir), context).toEqual(before);
      } finally {
        dir.cleanup();
      }
    }
  });
});
