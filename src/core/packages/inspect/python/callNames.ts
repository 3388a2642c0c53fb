import { lastPart, positionalArguments, stringLiteral, type CallFact } from './pythonFacts';

const PROCESS = new Set([
  'subprocess.Popen', 'subprocess.call', 'subprocess.run', 'subprocess.check_call', 'subprocess.check_output',
  'subprocess.getoutput', 'subprocess.getstatusoutput', 'os.system', 'os.popen', 'os.startfile', 'os.posix_spawn',
  'os.posix_spawnp', 'os.fork', 'os.forkpty', 'pty.spawn', 'commands.getoutput', 'commands.getstatusoutput', 'popen2.popen2',
  'asyncio.create_subprocess_shell', 'asyncio.create_subprocess_exec',
]);

/** Starts another program. */
export function isProcessCall(name: string): boolean {
  return PROCESS.has(name) || /^os\.(exec|spawn)[lvpe]*$/.test(name);
}

const NETWORK_PREFIXES = ['urllib.request.', 'urllib2.', 'urllib.urlopen', 'urllib.urlretrieve', 'requests.', 'httpx.', 'urllib3.', 'http.client.', 'httplib.', 'ftplib.', 'smtplib.', 'telnetlib.', 'aiohttp.', 'pycurl.', 'paramiko.', 'websocket.', 'websockets.'];
const NETWORK = new Set(['socket.socket', 'socket.create_connection', 'socket.getaddrinfo', 'socket.gethostbyname']);

/** Opens a network connection or makes a request. */
export function isNetworkCall(name: string): boolean {
  return NETWORK.has(name) || NETWORK_PREFIXES.some((p) => name.startsWith(p));
}

const DOWNLOAD = new Set([
  'urllib.request.urlopen', 'urllib.request.urlretrieve', 'urllib.urlopen', 'urllib.urlretrieve', 'urllib2.urlopen',
  'requests.get', 'requests.request', 'httpx.get', 'httpx.request', 'urllib3.request', 'wget.download',
]);

/** Fetches content from a URL. */
export function isDownloadCall(name: string): boolean {
  return DOWNLOAD.has(name) || name === '.urlopen' || name === '.urlretrieve';
}

const SEND = new Set([
  'requests.post', 'requests.put', 'requests.patch', 'requests.request', 'httpx.post', 'httpx.put', 'httpx.request',
  'urllib.request.urlopen', 'urllib.request.Request', 'urllib2.urlopen', 'urllib2.Request', 'smtplib.SMTP', 'smtplib.SMTP_SSL',
  'ftplib.FTP', 'ftplib.FTP_TLS', 'http.client.HTTPConnection', 'http.client.HTTPSConnection', 'socket.create_connection',
]);
/** Methods that send data out; `files_upload` is the Dropbox SDK's upload, a stealer's drop box. */
const SEND_METHODS = new Set(['sendall', 'sendto', 'send', 'post', 'storbinary', 'sendmail', 'send_message', 'files_upload']);

/** Sends data somewhere: HTTP bodies, sockets, mail, FTP, webhooks. */
export function isSendCall(call: CallFact): boolean {
  if (SEND.has(call.name)) return true;
  return call.name.includes('.') && SEND_METHODS.has(lastPart(call.name));
}

const EXEC = new Set(['exec', 'eval', 'compile', 'builtins.exec', 'builtins.eval', 'builtins.compile', '__builtins__.exec', '__builtins__.eval', 'execfile', 'types.FunctionType', 'types.CodeType']);

/** Runs Python code given as data. */
export function isExecCall(name: string): boolean {
  return EXEC.has(name);
}

const DECODE = new Set([
  'base64.b64decode', 'base64.b32decode', 'base64.b16decode', 'base64.a85decode', 'base64.b85decode', 'base64.decodebytes',
  'base64.decodestring', 'base64.urlsafe_b64decode', 'base64.standard_b64decode', 'zlib.decompress', 'gzip.decompress',
  'bz2.decompress', 'lzma.decompress', 'marshal.loads', 'binascii.unhexlify', 'binascii.a2b_base64', 'binascii.a2b_hex',
  'bytes.fromhex', 'bytearray.fromhex', 'codecs.decode', 'pickle.loads', 'zlib.decompressobj', 'cPickle.loads',
]);
const ENCODED_CODECS = /^(rot[_-]?13|hex|base64|zlib|bz2|uu|hex_codec|base64_codec|zlib_codec|bz2_codec|uu_codec)$/i;

/** Turns encoded, compressed or encrypted data back into something runnable: base64, hex, zlib, marshal, rot13, Fernet/AES … */
export function isDecodeCall(call: CallFact): boolean {
  if (DECODE.has(call.name)) return true;
  const last = lastPart(call.name);
  if (last === 'b64decode' || last === 'unhexlify' || last === 'fromhex' || last === 'decompress' || last === 'decrypt') return true;
  if (last === 'decode' || last === 'encode') {
    const codec = stringLiteral(positionalArguments(call.node)[0]);
    return typeof codec === 'string' && ENCODED_CODECS.test(codec);
  }
  return false;
}

/** Writes a file: `open(…, 'w'|'a'|'x')`, `Path.write_*`, copies and moves. */
export function isWriteCall(call: CallFact): boolean {
  const { name } = call;
  if (name === 'open' || name === 'io.open' || name === 'codecs.open' || name === 'os.open' || name === '.open') {
    const args = positionalArguments(call.node);
    const modeNode = args[1] ?? keywordValue(call, 'mode');
    const mode = stringLiteral(modeNode);
    if (name === 'os.open') return /O_WRONLY|O_RDWR|O_CREAT|O_APPEND/.test(call.node.text);
    return typeof mode === 'string' && /[wax+]/.test(mode);
  }
  const last = lastPart(name);
  return (
    last === 'write_text' || last === 'write_bytes' || name === 'shutil.copy' || name === 'shutil.copyfile' || name === 'shutil.copy2' ||
    name === 'shutil.copytree' || name === 'shutil.move' || name === 'os.rename' || name === 'os.replace' || name === 'os.symlink' ||
    name === 'os.link' || name === 'urllib.request.urlretrieve'
  );
}

function keywordValue(call: CallFact, keyword: string) {
  for (const arg of call.node.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === keyword) return arg.childForFieldName('value');
  }
  return null;
}
