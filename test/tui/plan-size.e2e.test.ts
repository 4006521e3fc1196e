// End to end in tmux at 80x24 (--sandbox): packer:clean's confirmation shows its preview; a 50x14 terminal says it is too small until resized.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSandboxState, sandboxStateFile } from '../../src/sandbox/index.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { CLI, hangar } from '../helpers/project.js';
import { writeBaseCookbook, writeSmallFleet } from '../helpers/small-fleet.js';
import { tmuxDriver } from '../helpers/tmux.js';

const enabled = haveBinaries('tmux');
const { session, tmux, screenWith } = tmuxDriver('plan', { timeoutMs: 20_000 });
const ENV = { HANGAR_SANDBOX_SPEED: '1000', AWS_EC2_METADATA_DISABLED: 'true' };

describe.skipIf(!enabled)('confirmation preview and small terminals (tmux 80x24, --sandbox)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-plan-'));

  beforeAll(async () => {
    expect(existsSync(CLI), 'build first: npm run build').toBe(true);
    writeSmallFleet(dir, { web: 1 });
    writeBaseCookbook(dir);
    // Two AMIs of web in the sandbox: packer:clean -n 1 keeps the newest and deregisters the other.
    for (const args of [
      ['role:create', 'web'],
      ['packer:run', 'web'],
      ['packer:run', 'web'],
    ]) {
      // AMI names carry the build's second (packer's {{timestamp}}): a second build in the same second would be refused, as on AWS.
      const second = Math.floor(Date.now() / 1000);
      await waitUntil(() => Math.floor(Date.now() / 1000) > second, 2000, 'the next second');
      const ran = await hangar(dir, ['--sandbox', ...args], ENV);
      expect(ran.exitCode, ran.stderr).toBe(0);
    }
    const env = ['NO_COLOR=1', 'AWS_EC2_METADATA_DISABLED=true', 'HANGAR_SANDBOX_SPEED=1000'];
    const started = await tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-c', dir, 'env', ...env, 'node', CLI, '--sandbox');
    expect(started.exitCode, started.stderr).toBe(0);
    await tmux('set-option', '-t', session, 'remain-on-exit', 'on');
  });

  afterAll(async () => {
    await tmux('kill-server');
    rmSync(dir, { recursive: true, force: true });
  });

  it('packer:clean -n 1 asks with the whole command, SANDBOX, the AMI that goes and the one kept with why', async () => {
    await screenWith((s) => s.includes('web') && s.includes('SANDBOX'), 'the first frame');
    await tmux('send-keys', '-t', session, ':', 'packer:clean web -n 1', 'Enter');
    const dialog = await screenWith((s) => s.includes('one of the newest 1'), 'the preview in the confirmation');
    expect(dialog).toContain('packer:clean web --keep 1 --concurrency 8');
    expect(dialog).toMatch(/is destructive on SANDBOX \(http:\/\/127\.0\.0\.1:\d+\)\. Run it\?/);
    expect(dialog).toContain('web (us-east-1): 2 AMIs: 1 deregistered, 1 kept');
    expect(dialog).toMatch(/deregister ami-[0-9a-f]+ \(\S+, 1 snapshot\) web/);
    expect(dialog).toMatch(/keep ami-[0-9a-f]+: one of the newest 1 \(web /);
    // The frame uses every row and never more than the width.
    const lines = dialog.split('\n');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    await tmux('send-keys', '-t', session, 'n');
    await screenWith((s) => s.includes('nothing done'), 'the answer no');
  });

  it("the CLI's question on a terminal shows the same preview, and n changes nothing", async () => {
    const env = ['NO_COLOR=1', 'AWS_EC2_METADATA_DISABLED=true', 'HANGAR_SANDBOX_SPEED=1000'];
    const cli = 'cli';
    const started = await tmux(
      'new-session',
      '-d',
      '-s',
      cli,
      '-x',
      '100',
      '-y',
      '30',
      '-c',
      dir,
      'env',
      ...env,
      'node',
      CLI,
      'packer:clean',
      'web',
      '-n',
      '1',
      '--sandbox',
    );
    expect(started.exitCode, started.stderr).toBe(0);
    await tmux('set-option', '-t', cli, 'remain-on-exit', 'on');
    let screen = '';
    /** Reads the CLI's pane into `screen` and says whether it shows `text`. */
    const shows = async (text: string) => {
      screen = (await tmux('capture-pane', '-p', '-t', cli)).stdout;
      return screen.includes(text);
    };
    await waitUntil(() => shows('Go ahead? [y/N]'), 20_000, 'the CLI question');
    expect(screen).toContain('packer:clean web --keep 1 --concurrency 8');
    expect(screen).toMatch(/is destructive on SANDBOX \(http:\/\/127\.0\.0\.1:\d+\)\./);
    expect(screen).toMatch(/deregister ami-[0-9a-f]+ \(\S+, 1 snapshot\) web/);
    expect(screen).toMatch(/keep ami-[0-9a-f]+: one of the newest 1 \(web /);
    await tmux('send-keys', '-t', cli, 'n', 'Enter');
    await waitUntil(() => shows('nothing done'), 20_000, 'the CLI to say nothing done');
    const images = readSandboxState(sandboxStateFile(dir))!.images.filter((image) => image.tags.group === 'web');
    expect(images).toHaveLength(2);
  });

  it('says the terminal is too small at 50x14, and shows the layout again at 80x24', async () => {
    await tmux('resize-window', '-t', session, '-x', '50', '-y', '14');
    // A capture can land in the middle of a redraw: wait for the whole frame, then check it.
    const small = await screenWith((s) => s.includes('terminal too small') && !s.includes('groups'), 'the too-small line alone');
    expect(small).toContain('terminal too small: 50×14, need ≥ 60×16');
    expect(small).not.toContain('groups');
    await tmux('resize-window', '-t', session, '-x', '80', '-y', '24');
    const normal = await screenWith(
      (s) => s.includes('groups 1') && s.includes('SANDBOX') && (s.split('\n')[23] ?? '').includes('help'),
      'the normal layout down to its footer',
    );
    expect(normal).not.toContain('terminal too small');
    // The footer is on the last row: no blank bottom row.
    expect(normal.split('\n')[23]).toContain('help');
  });
});
