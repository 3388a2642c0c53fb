import * as assert from 'node:assert/strict';
import { analyze } from './analyze';
import { findingKeys } from './expectations';

/**
 * Behaviour of current Bandit (1.9.4) that Bandit's example files exercise only in part, and our
 * deliberate deviations from it, on small sources: `line RULE severity/confidence` keys.
 */
describe('security rules: current Bandit behaviour', () => {
  const cases: [title: string, source: string, expected: string[]][] = [
    ['B105: a password-like dict key with a string value, reported at the key',
      'log({"server": s,\n     "password": "hunter2"})\ninfo = {"token": b"abc"}\n',
      ['2 B105 low/medium', '3 B105 low/medium']],
    ['B105: not for a dict value that is a name, None, a number or a flag (deliberate: Bandit takes any constant)',
      'a = {"password": password}\nb = {"password": None}\nc = {"token": 0, "secret": True}\nd = {k: "x" for k in ("password",)}\n',
      []],
    ['B106: on the line of the value in a call over several lines',
      'connect(\n    host="db",\n    password="hunter2",\n)\n',
      ['3 B106 low/medium']],
    ['B703: a name bound to a literal before the statement is safe, even when the statement rebinds it',
      'from django.utils import safestring\nmystr = "<b>x</b>"\nmystr = safestring.mark_safe(mystr)\n',
      ['3 B308 medium/high']],
    ['B703: an augmented assignment of a call, a with-alias, or a parameter is not',
      'from django.utils import safestring\n' +
      'def f(items):\n    s = ""\n    for i in items:\n        s += render(i)\n    return safestring.mark_safe(s)\n' +
      'def g(path):\n    with open(path) as fh:\n        return safestring.mark_safe(fh)\n' +
      'def h(text):\n    return safestring.mark_safe(text)\n',
      ['6 B308 medium/high', '6 B703 medium/high', '9 B308 medium/high', '9 B703 medium/high', '11 B308 medium/high', '11 B703 medium/high']],
    ['B703: a format of literals and safe names, also through *[...], is safe',
      'from django.utils import safestring\ndef f():\n    name = "x"\n    return safestring.mark_safe("<b>{} {}</b>".format(*[name, "a"]))\n',
      ['4 B308 medium/high']],
    ['B412: the CGI handler is flagged where it is called, though only its module is imported',
      'import wsgiref.handlers\nwsgiref.handlers.CGIHandler().run(app)\n',
      ['2 B412 high/high']],
    ['B103: group-writable and other-executable modes are medium, world-writable high',
      'import os\nos.chmod("f", 0o660)\nos.chmod("f", 0o701)\nos.chmod("f", 0o602)\nos.chmod("f", 0o700)\n',
      ['2 B103 medium/high', '3 B103 medium/high', '4 B103 high/high']],
    ['B608: INSERT ... VALUES( without a space',
      'q = "INSERT INTO t VALUES(%s)" % v\n',
      ['1 B608 medium/low']],
    ['B502/B503: TLS 1.1 is a bad protocol version',
      'import ssl\nssl.wrap_socket(ssl_version=ssl.PROTOCOL_TLSv1_1)\ndef f(v=ssl.PROTOCOL_TLSv1_1):\n    pass\n',
      ['2 B502 high/high', '3 B503 medium/medium']],
    ['B614: only the loaders that unpickle',
      'import torch\ntorch.load(p)\ntorch.serialization.load(p)\ntorch.utils.cpp_extension.load(name="x", sources=[])\ntorch.load(p, weights_only=True)\n',
      ['2 B614 medium/high', '3 B614 medium/high']],
    ['B615: a revision given by a variable cannot be checked and is trusted',
      'from transformers import AutoModel\nAutoModel.from_pretrained("org/m", revision=REV)\nAutoModel.from_pretrained("org/m", revision="main")\n',
      ['3 B615 medium/high']],
    ['B311: random.sample and random.getrandbits', 'import random\nrandom.sample(x, 2)\nrandom.getrandbits(8)\n',
      ['2 B311 low/high', '3 B311 low/high']],
    ['B304: CAST5, SEED and TripleDES',
      'from cryptography.hazmat.primitives.ciphers import algorithms\nalgorithms.CAST5(k)\nalgorithms.SEED(k)\nalgorithms.TripleDES(k)\n',
      ['2 B304 high/high', '3 B304 high/high', '4 B304 high/high']],
  ];
  for (const [title, source, expected] of cases) {
    it(title, async () => assert.deepEqual(findingKeys(await analyze(source)), [...expected].sort()));
  }
});
