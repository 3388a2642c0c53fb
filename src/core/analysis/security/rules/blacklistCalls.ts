import { callRule, lastPart } from '../rule';
import { argumentValue } from '../callContext';
import { BLACKLISTED_MODULE_NAMES, blacklistedModule } from './blacklistImports';

/** Bandit's blacklists/calls.py (1.9), plus the Python 2 names 1.6 still listed and lxml (B320), which 1.8.1 dropped. */
const BLACKLISTED_CALLS: Record<string, readonly string[]> = {
  B301: [
    'pickle.loads', 'pickle.load', 'pickle.Unpickler',
    'cPickle.loads', 'cPickle.load', 'cPickle.Unpickler',
    'dill.loads', 'dill.load', 'dill.Unpickler',
    'shelve.open', 'shelve.DbfilenameShelf',
    'jsonpickle.decode', 'jsonpickle.unpickler.decode', 'jsonpickle.unpickler.Unpickler',
    'pandas.read_pickle',
  ],
  B302: ['marshal.load', 'marshal.loads'],
  B303: [
    'Crypto.Hash.MD2.new', 'Crypto.Hash.MD4.new', 'Crypto.Hash.MD5.new', 'Crypto.Hash.SHA.new',
    'Cryptodome.Hash.MD2.new', 'Cryptodome.Hash.MD4.new', 'Cryptodome.Hash.MD5.new', 'Cryptodome.Hash.SHA.new',
    'cryptography.hazmat.primitives.hashes.MD5', 'cryptography.hazmat.primitives.hashes.SHA1',
  ],
  B304: [
    'Crypto.Cipher.ARC2.new', 'Crypto.Cipher.ARC4.new', 'Crypto.Cipher.Blowfish.new', 'Crypto.Cipher.DES.new', 'Crypto.Cipher.XOR.new',
    'Cryptodome.Cipher.ARC2.new', 'Cryptodome.Cipher.ARC4.new', 'Cryptodome.Cipher.Blowfish.new', 'Cryptodome.Cipher.DES.new',
    'Cryptodome.Cipher.XOR.new',
    'cryptography.hazmat.primitives.ciphers.algorithms.ARC4', 'cryptography.hazmat.primitives.ciphers.algorithms.Blowfish',
    'cryptography.hazmat.primitives.ciphers.algorithms.CAST5', 'cryptography.hazmat.primitives.ciphers.algorithms.IDEA',
    'cryptography.hazmat.primitives.ciphers.algorithms.SEED', 'cryptography.hazmat.primitives.ciphers.algorithms.TripleDES',
  ],
  B305: ['cryptography.hazmat.primitives.ciphers.modes.ECB'],
  B306: ['tempfile.mktemp'],
  B307: ['eval'],
  B308: ['django.utils.safestring.mark_safe'],
  B310: [
    'urllib.urlopen', 'urllib.request.urlopen', 'urllib.urlretrieve', 'urllib.request.urlretrieve',
    'urllib.URLopener', 'urllib.request.URLopener', 'urllib.FancyURLopener', 'urllib.request.FancyURLopener',
    'urllib2.urlopen', 'urllib2.Request',
    'six.moves.urllib.request.urlopen', 'six.moves.urllib.request.urlretrieve',
    'six.moves.urllib.request.URLopener', 'six.moves.urllib.request.FancyURLopener',
  ],
  B311: [
    'random.Random', 'random.random', 'random.randrange', 'random.randint', 'random.choice', 'random.choices',
    'random.uniform', 'random.triangular', 'random.randbytes', 'random.sample', 'random.getrandbits',
  ],
  B312: ['telnetlib.Telnet'],
  B313: ['xml.etree.cElementTree.parse', 'xml.etree.cElementTree.iterparse', 'xml.etree.cElementTree.fromstring', 'xml.etree.cElementTree.XMLParser'],
  B314: ['xml.etree.ElementTree.parse', 'xml.etree.ElementTree.iterparse', 'xml.etree.ElementTree.fromstring', 'xml.etree.ElementTree.XMLParser'],
  B315: ['xml.sax.expatreader.create_parser'],
  B316: ['xml.dom.expatbuilder.parse', 'xml.dom.expatbuilder.parseString'],
  B317: ['xml.sax.parse', 'xml.sax.parseString', 'xml.sax.make_parser'],
  B318: ['xml.dom.minidom.parse', 'xml.dom.minidom.parseString'],
  B319: ['xml.dom.pulldom.parse', 'xml.dom.pulldom.parseString'],
  B320: [
    'lxml.etree.parse', 'lxml.etree.fromstring', 'lxml.etree.RestrictedElement', 'lxml.etree.GlobalParserTLS',
    'lxml.etree.getDefaultParser', 'lxml.etree.check_docinfo',
  ],
  B321: ['ftplib.FTP'],
  B323: ['ssl._create_unverified_context'],
};

const RULE_BY_CALL = new Map<string, string>();
for (const [id, names] of Object.entries(BLACKLISTED_CALLS)) for (const name of names) RULE_BY_CALL.set(name, id);

const IMPORT_FUNCTIONS = new Set(['importlib.import_module', 'importlib.__import__']);

/**
 * B3xx by exact qualified name. Like Bandit, a call is also matched against the B4xx import list: by the
 * module named in `__import__('x')` / `importlib.import_module('x')`, else by its own qualified name
 * (`wsgiref.handlers.CGIHandler()` is B412 even when only `wsgiref.handlers` is imported).
 */
export const blacklistCallRules = [
  callRule({
    names: [...[...RULE_BY_CALL.keys(), ...BLACKLISTED_MODULE_NAMES].map(lastPart), '__import__', 'import_module'],
    visit(call, ctx) {
      const qualName = call.qualName;
      const id = RULE_BY_CALL.get(qualName);
      if (id) {
        ctx.report(id, call.node, { fill: { name: qualName } });
        return;
      }
      let module: unknown = qualName;
      const callee = call.callee;
      if (callee?.type === 'identifier' && callee.text === '__import__') module = argumentValue(call.args[0]);
      else if (IMPORT_FUNCTIONS.has(qualName)) module = call.args.length > 0 ? argumentValue(call.args[0]) : call.keywordValue('name');
      if (typeof module !== 'string') return;
      const importId = blacklistedModule(module, true);
      if (importId) ctx.report(importId, call.node, { fill: { name: module } });
    },
  }),
];
