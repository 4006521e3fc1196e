// End to end in tmux at 80x24 (--sandbox): a long reload error read in full through `m`; a job's log wrapped and searched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { messageOf } from '../../src/errors.js';
import { haveBinaries } from '../helpers/binaries.js';
import { CLI, tempProject } from '../helpers/project.js';
import { tmuxDriver } from '../helpers/tmux.js';

const enabled = haveBinaries('tmux');
const { session, tmux, capture, screenWith } = tmuxDriver('reader', { timeoutMs: 20_000 });

/** The screen's text without borders and spaces: a wrapped text reads as one run of characters. */
const squeezed = (text: string) => text.replace(/[│║┌┐└┘╔╗╚╝─═\s]+/g, '');
const keys = (...names: string[]) => tmux('send-keys', '-t', session, ...names);

describe.skipIf(!enabled)('reading messages and logs in tmux (80x24, --sandbox)', () => {
  const project = tempProject();
  const file = join(project.dir, 'nodes.json');
  const good = readFileSync(file, 'utf8');

  beforeAll(async () => {
    expect(existsSync(CLI), 'build first: npm run build').toBe(true);
    const command = ['env', 'NO_COLOR=1', 'AWS_EC2_METADATA_DISABLED=true', 'node', CLI, '--sandbox'];
    const started = await tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', project.dir, ...command);
    expect(started.exitCode, started.stderr).toBe(0);
  });

  afterAll(async () => {
    await tmux('kill-server');
    project.cleanup();
  });

  it('reads a long reload error in full through m', async () => {
    await screenWith((s) => s.includes('12_04-www') && s.includes('SANDBOX'), 'the first frame');
    const bad = { __settings__: {}, __base__: {}, web: { instance_type: 7, ami_name_prefix_that_is_not_known: 'x'.repeat(90) } };
    writeFileSync(file, JSON.stringify(bad));
    let error = '';
    try {
      loadConfig(file);
    } catch (caught) {
      error = messageOf(caught);
    }
    expect(error.length).toBeGreaterThan(80);
    await keys('r');
    let screen = await screenWith((s) => s.includes('kept the loaded nodes.json'), 'the reload error');
    const status = screen.split('\n').find((line) => line.includes('kept the loaded')) ?? '';
    expect(status.length).toBeLessThanOrEqual(80);
    expect(status).toContain('[m]');
    expect(status).toContain('unseen: m');
    expect(squeezed(screen)).not.toContain(squeezed(error));

    await keys('m');
    screen = await screenWith((s) => s.includes('newest first'), 'the message log');
    expect(squeezed(screen)).toContain(squeezed(`kept the loaded nodes.json: ${error}`));
    expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);
    await keys('Escape');
    screen = await screenWith((s) => s.includes('groups 2') && !s.includes('newest first'), 'back to the panes');
    expect(screen).not.toContain('unseen');
    writeFileSync(file, good);
  });

  it('runs a job, wraps its log with w and searches it with / and n', async () => {
    await keys(':', 'packer:run', 'Enter');
    await screenWith((s) => /#1 ✓ packer:run/.test(s), 'packer:run to finish', 60_000);
    await keys('Tab', 'Tab', 'Enter');
    let screen = await screenWith((s) => s.includes('log #1 packer:run') && !s.includes('groups 2'), 'the maximised log');
    // The chef-solo line is longer than the screen: cut until wrapped.
    expect(screen).toContain('simulated: chef-solo');
    expect(screen).not.toContain('7 recipes');
    // Wrapped, the log takes more rows: from its top the whole line shows.
    await keys('w', 'g');
    screen = await screenWith((s) => s.includes('7 recipes'), 'the wrapped line');
    expect(screen).toContain('wrap · line 1/');
    expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);

    await keys('/');
    await screenWith((s) => s.includes('search the log'), 'the search line');
    await keys('amazon-ebs', 'Enter');
    // The search lands on the newest match of a followed log, else the first one below the view: read where it is.
    screen = await screenWith((s) => /amazon-ebs: match \d+\/\d+ /.test(s), 'a match');
    const [, first, all] = /amazon-ebs: match (\d+)\/(\d+) /.exec(screen)!;
    const total = Number(all);
    expect(total).toBeGreaterThan(5);
    const after = (k: number) => (k % total) + 1;
    const second = after(Number(first));
    await keys('n');
    screen = await screenWith((s) => s.includes(`match ${second}/${total} `), 'the next match');
    // The matches are highlighted (reverse video) on the terminal.
    const styled = (await tmux('capture-pane', '-p', '-e', '-t', session)).stdout;
    expect(styled).toMatch(/\x1b\[[0-9;]*7[0-9;]*mamazon-ebs/);
    await keys('n');
    await screenWith((s) => s.includes(`match ${after(second)}/${total} `), 'the match after it');
    await keys('N');
    await screenWith((s) => s.includes(`match ${second}/${total} `), 'back one match');

    await keys('Escape');
    await screenWith((s) => s.includes('search cleared'), 'the search cleared');
    await keys('q');
    await screenWith((s) => !s.includes('log #1'), 'the workbench to quit');
    expect((await capture()).trim()).not.toContain('Error');
    // A simulated packer build takes seconds, more on a loaded machine.
  }, 120_000);
});
