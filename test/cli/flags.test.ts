// The action catalog's flags: every number has a type and a range, checked at parse time, shown in help.
import { describe, expect, it } from 'vitest';
import { catalog, findAction } from '../../src/actions/catalog.js';
import { MAX_TIMER_SECONDS } from '../../src/actions/flag-values.js';
import { parseCommand, toGlobalOptions, withDefaults } from '../../src/actions/flags.js';
import { formatActionHelp } from '../../src/actions/help.js';
import { closestName } from '../../src/actions/suggest.js';
import { HangarError } from '../../src/errors.js';

const numericFlags = catalog.flatMap((action) =>
  Object.entries(action.flags)
    .filter(([, spec]) => spec.type === 'number')
    .map(([name, spec]) => ({ action: action.name, name, spec })),
);

/** The HangarError a call throws (exit code and message), or undefined. */
function failure(call: () => unknown): { exit: number; message: string } | undefined {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(HangarError);
    return { exit: (error as HangarError).exitCode, message: (error as HangarError).message };
  }
  return undefined;
}

describe('numeric flags in the catalog', () => {
  it('there are numeric flags to check', () => {
    expect(numericFlags.length).toBeGreaterThanOrEqual(15);
  });

  it.each(numericFlags)('$action --$name declares both ends of its range, within what a timer holds', ({ spec }) => {
    expect(spec.min).toBeTypeOf('number');
    expect(spec.max).toBeTypeOf('number');
    expect(spec.min!).toBeLessThanOrEqual(spec.max!);
    if (spec.integer) expect([Number.isInteger(spec.min), Number.isInteger(spec.max)]).toEqual([true, true]);
    if (spec.unit === 'seconds' || spec.placeholder === 'SECONDS') expect(spec.max!).toBeLessThanOrEqual(MAX_TIMER_SECONDS);
    if (spec.default !== undefined) expect(spec.default).toBeGreaterThanOrEqual(spec.min!);
    if (spec.default !== undefined) expect(spec.default).toBeLessThanOrEqual(spec.max!);
  });

  it.each(numericFlags)('$action --$name: the bounds pass, one step beyond them is exit 2 naming the flag and range', ({ action, name, spec }) => {
    const def = findAction(action)!;
    const step = spec.integer ? 1 : 0.001;
    expect(withDefaults(def, { [name]: spec.min })[name]).toBe(spec.min);
    expect(withDefaults(def, { [name]: spec.max })[name]).toBe(spec.max);
    for (const bad of [spec.min! - step, spec.max! + step, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = failure(() => parseCommand([`--${name}`, String(bad)], def));
      expect(error?.exit).toBe(2);
      expect(error?.message).toContain(`${action}: --${name}`);
      expect(error?.message).toContain(`${spec.min} to ${spec.max}`);
    }
  });

  it.each(numericFlags)('$action help shows the range of --$name', ({ action, spec }) => {
    expect(formatActionHelp(findAction(action)!)).toContain(`${spec.min}-${spec.max}`);
  });
});

describe('parsing flags', () => {
  const clean = findAction('packer:clean')!;

  it.each([
    [['-n', '-3'], 'packer:clean: --keep (-n) expects a whole number from 0 to 100000, got "-3"'],
    [['--keep', '-0.5'], 'got "-0.5"'],
    [['--keep', '-Infinity'], 'got "-Infinity"'],
    [['--keep', ''], 'got ""'],
    [['--keep', '1e6'], 'got "1e6"'],
    [['--kep', '3'], 'unknown flag --kep; did you mean --keep?'],
    [['--dry-rn'], 'unknown flag --dry-rn; did you mean --dry-run?'],
    [['--keep'], '--keep needs a value (N)'],
    [['--dry-run=1'], '--dry-run takes no value'],
  ])('%j is exit 2: %s', (argv, message) => {
    const error = failure(() => parseCommand(argv, clean));
    expect(error).toEqual({ exit: 2, message: expect.stringContaining(message) });
    expect(error!.message).not.toMatch(/ambiguous|Unknown option|ERR_/);
  });

  it('a negative value of a string flag still needs --name=VALUE (it may be a flag)', () => {
    expect(failure(() => parseCommand(['--command', '-x'], findAction('instance:deploy')!))?.message).toContain('write --command=VALUE');
    expect(parseCommand(['--command=-x'], findAction('instance:deploy')!).flags.command).toBe('-x');
  });

  it('valid values parse to numbers; after -- a negative number is a group', () => {
    expect(parseCommand(['g', '-n', '0'], clean)).toMatchObject({ positionals: ['g'], flags: { keep: 0, concurrency: 8 } });
    expect(parseCommand(['-n', '3', '--', '-3'], clean)).toMatchObject({ positionals: ['-3'], flags: { keep: 3 } });
  });

  it('flags passed in code (runAction) are checked the same way', () => {
    expect(failure(() => withDefaults(clean, { keep: -1 }))?.message).toContain('--keep (-n) expects');
    expect(failure(() => withDefaults(clean, { kep: 1 }))?.message).toContain('unknown flag --kep; did you mean --keep?');
  });
});

describe('closest names', () => {
  it.each([
    ['--chek', ['--check', '--json'], '--check'],
    ['packer:clen', ['packer:clean', 'packer:create', 'plan'], 'packer:clean'],
    ['--foo', ['--yes', '--json'], undefined],
    ['--check', ['--check'], undefined],
    ['zzzzzzzz', ['plan'], undefined],
  ])('%s among %j is %s', (word, known, expected) => {
    expect(closestName(word, known)).toBe(expected);
  });
});

describe('--endpoint and AWS_ENDPOINT_URL', () => {
  const options =
    (endpoint: string | undefined, env: NodeJS.ProcessEnv = {}) =>
    () =>
      toGlobalOptions(parseCommand(endpoint === undefined ? [] : ['--endpoint', endpoint]).globals, env, false).endpoint;

  it('takes an http(s) URL, the flag before the variable', () => {
    expect(options('http://127.0.0.1:4566')()).toBe('http://127.0.0.1:4566');
    expect(options(undefined, { AWS_ENDPOINT_URL: 'https://ec2.example:8443/' })()).toBe('https://ec2.example:8443/');
    expect(options('http://127.0.0.1:1', { AWS_ENDPOINT_URL: 'https://ec2.example' })()).toBe('http://127.0.0.1:1');
    expect(options(undefined, { AWS_ENDPOINT_URL: '' })()).toBeUndefined();
  });

  it('refuses anything else with exit 2, quoting the value (newlines escaped, a password hidden) and naming where it came from', () => {
    expect(failure(options('http://127.0.0.1:9\nfoo'))).toEqual({
      exit: 2,
      message: '--endpoint expects an http:// or https:// URL, got "http://127.0.0.1:9\\nfoo"',
    });
    expect(failure(options('http://ops:s3cret@127.0.0.1: 9'))?.message).toBe(
      '--endpoint expects an http:// or https:// URL, got "http://ops:***@127.0.0.1: 9"',
    );
    for (const bad of ['', 'ftp://x', 'not a url', '127.0.0.1:4566', 'http://a\u0000b']) expect(failure(options(bad))?.exit, bad).toBe(2);
    expect(failure(options(undefined, { AWS_ENDPOINT_URL: 'javascript:alert(1)' }))?.message).toMatch(/^AWS_ENDPOINT_URL expects/);
  });
});
