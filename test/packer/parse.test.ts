// The machine-readable parser against lines recorded from Debian's packer 1.6.6 (null builder + shell-local).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildSummary, eventsOfLine, imagesOfArtifactId, parseMachineLine, unescapeField } from '../../src/packer/parse.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8').split('\n');

function summarize(lines: string[]) {
  const summary = new BuildSummary();
  const events = lines.flatMap(eventsOfLine).map((e) => summary.add(e));
  return { summary, events };
}

describe('parseMachineLine', () => {
  it('splits timestamp, target, type and unescapes data', () => {
    const line = parseMachineLine('1795772357,,ui,message,    null: a%!(PACKER_COMMA)b%!(PACKER_COMMA)c with commas');
    expect(line).toEqual({ timestamp: 1795772357, target: '', type: 'ui', data: ['message', '    null: a,b,c with commas'] });
  });
  it('turns a literal \\n into a newline', () => {
    expect(unescapeField('\\n==> Builds finished.')).toBe('\n==> Builds finished.');
  });
  it('rejects plain text', () => {
    expect(parseMachineLine('panic: runtime error')).toBeUndefined();
    expect(eventsOfLine('panic: runtime error')).toEqual([{ kind: 'log', level: 'info', text: 'panic: runtime error', target: '' }]);
  });
});

describe('a recorded successful build', () => {
  const { summary, events } = summarize(fixture('null-success.txt'));
  it('gives steps for ==> lines and logs for messages', () => {
    const steps = events.filter((e) => e.kind === 'step').map((e) => (e as { text: string }).text);
    expect(steps[0]).toMatch(/^null: Running local shell script: /);
    expect(steps).toContain('null: Running post-processor: manifest');
    const logs = events.filter((e) => e.kind === 'log').map((e) => (e as { text: string }).text);
    expect(logs).toContain('    null: a,b,c with commas');
    expect(logs).toContain('    null: line2');
    // `\n==> Builds finished...` is one step line, the escaped newline dropped as blank.
    expect(steps).not.toContain('');
  });
  it('collects both artifacts', () => {
    expect(summary.artifactIds).toEqual(['Null', 'Null']);
    expect(summary.artifacts[0]!.fields['builder-id']).toBe('fnoeding.null');
    expect(summary.images).toEqual([]);
    expect(summary.errors).toEqual([]);
  });
});

describe('a recorded failing build', () => {
  const { summary, events } = summarize(fixture('null-failure.txt'));
  it('keeps the error lines', () => {
    expect(summary.errors).toEqual(['null: Script exited with non-zero exit status: 3.Allowed exit codes are: [0]']);
    expect(events.some((e) => e.kind === 'log' && e.level === 'error' && e.text.startsWith("Build 'null' errored"))).toBe(true);
    expect(summary.artifactIds).toEqual([]);
  });
  it('splits a multi-line ui error', () => {
    const { events: bad } = summarize(fixture('bad-template.txt'));
    const errors = bad.filter((e) => e.kind === 'log' && e.level === 'error').map((e) => (e as { text: string }).text);
    expect(errors).toEqual(['Error: Failed to initialize build "nope"', '', "error initializing builder 'nope': Unknown builder nope"]);
  });
});

describe('amazon-ebs artifacts', () => {
  it('gives the region and AMI of each id', () => {
    const { summary } = summarize([
      '1795769954,amazon-ebs,artifact-count,1',
      '1795769954,amazon-ebs,artifact,0,builder-id,mitchellh.amazonebs',
      '1795769954,amazon-ebs,artifact,0,id,us-east-1:ami-0123456789abcdef0%!(PACKER_COMMA)eu-west-1:ami-0fedcba9876543210',
      '1795769954,amazon-ebs,artifact,0,end',
    ]);
    expect(summary.images).toEqual([
      { region: 'us-east-1', imageId: 'ami-0123456789abcdef0' },
      { region: 'eu-west-1', imageId: 'ami-0fedcba9876543210' },
    ]);
    expect(imagesOfArtifactId('Null')).toEqual([]);
  });
});
