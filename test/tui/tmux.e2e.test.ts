// End to end: `node dist/cli.js --sandbox` in tmux at 100x30, driven with send-keys, read with capture-pane.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { tmuxDriver } from '../helpers/tmux.js';
import { CLI, tempProject } from '../helpers/project.js';

const enabled = haveBinaries('tmux');
const { session, tmux, capture, screenWith } = tmuxDriver('tui');

describe.skipIf(!enabled)('workbench in tmux (100x30, --sandbox)', () => {
  const project = tempProject();
  let pid = 0;

  beforeAll(async () => {
    expect(existsSync(CLI), 'build first: npx tsup').toBe(true);
    // CI=true (in CI) reaches the workbench too: it must still draw live (Ink alone would not).
    const command = ['env', 'NO_COLOR=1', 'node', CLI, '--sandbox'];
    const started = await tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', project.dir, ...command);
    expect(started.exitCode, started.stderr).toBe(0);
    await tmux('set-option', '-t', session, 'remain-on-exit', 'on');
    // `env` execs node: the pane's process is the workbench itself.
    pid = Number((await tmux('display-message', '-p', '-t', session, '#{pane_pid}')).stdout.trim());
  });

  afterAll(async () => {
    await tmux('kill-server');
    project.cleanup();
  });

  it('selects a group, runs role:create from the palette, opens the service map and quits cleanly', async () => {
    let screen = await screenWith((s) => s.includes('12_04-www') && s.includes('SANDBOX'), 'the first frame');
    expect(screen).toContain('hangar');
    expect(screen).toContain(join(project.dir, 'nodes.json').slice(-20));
    expect(screen.split('\n').every((line) => line.length <= 100)).toBe(true);

    await tmux('send-keys', '-t', session, 'j', 'Space');
    screen = await screenWith((s) => s.includes('1 selected'), 'the selection');
    expect(screen).toMatch(/✓12_04-www/);

    await tmux('send-keys', '-t', session, ':', 'role:create', 'Enter');
    screen = await screenWith((s) => /#\d+ ✓ role:create 12_04-www/.test(s), 'role:create to finish');
    expect(screen).toContain('roles/role-12_04-www.json');
    expect(existsSync(join(project.dir, 'roles', 'role-12_04-www.json'))).toBe(true);

    await tmux('send-keys', '-t', session, 's');
    screen = await screenWith((s) => s.includes('INSTANCE') && s.includes('esc back'), 'the service map');
    expect(screen).toMatch(/services/);
    await tmux('send-keys', '-t', session, 'Escape');
    await screenWith((s) => s.includes('groups 2'), 'back to the groups');

    await tmux('send-keys', '-t', session, 'q');
    // The program exits and leaves the alternate screen: the TUI is gone from the pane.
    screen = await screenWith((s) => !s.includes('groups 2'), 'the normal screen after quit');
    // Gone, or a zombie tmux has not reaped yet (tmux can be slow to notice under load).
    const exited = () => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
      } catch {
        return true;
      }
    };
    await waitUntil(exited, 15_000, 'the workbench to exit');
    // Back on the normal screen with nothing printed: no error, no stack trace.
    expect((await capture()).replace(/Pane is dead.*$/m, '').trim()).toBe('');
  });
});
