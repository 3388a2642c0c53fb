import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryInstallRecorder } from '../../../src/core/intercept/historyRecorder';

describe('intercepted installs as history transactions (HistoryInstallRecorder)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snakepit-history-recorder-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('still makes the change, exactly once, for an environment that keeps no history', async () => {
    const recorder = new HistoryInstallRecorder(path.join(dir, 'installs.jsonl'), dir, 'test');
    let runs = 0;
    const result = await recorder.transaction(path.join(dir, 'no-such-python'), 'install x', async () => {
      runs += 1;
      return 'installed';
    });
    assert.equal(result, 'installed');
    assert.equal(runs, 1);
  });

  it('passes on the failure of the change itself', async () => {
    const recorder = new HistoryInstallRecorder(path.join(dir, 'installs.jsonl'), dir, 'test');
    await assert.rejects(
      recorder.transaction(path.join(dir, 'no-such-python'), 'install x', async () => {
        throw new Error('pip failed');
      }),
      /pip failed/,
    );
  });
});
