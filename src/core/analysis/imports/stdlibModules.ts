import type { PythonVersion } from './pythonVersion';

/**
 * `sys.stdlib_module_names` of CPython 3.11 (generated with python3.11): the top-level
 * standard-library names on every platform, private modules included.
 */
export const STDLIB_3_11 = `
  __future__ _abc _aix_support _ast _asyncio _bisect _blake2 _bootsubprocess _bz2 _codecs _codecs_cn
  _codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr _codecs_tw _collections _collections_abc _compat_pickle
  _compression _contextvars _crypt _csv _ctypes _curses _curses_panel _datetime _dbm _decimal _elementtree
  _frozen_importlib _frozen_importlib_external _functools _gdbm _hashlib _heapq _imp _io _json _locale _lsprof
  _lzma _markupbase _md5 _msi _multibytecodec _multiprocessing _opcode _operator _osx_support _overlapped
  _pickle _posixshmem _posixsubprocess _py_abc _pydecimal _pyio _queue _random _scproxy _sha1 _sha256 _sha3
  _sha512 _signal _sitebuiltins _socket _sqlite3 _sre _ssl _stat _statistics _string _strptime _struct
  _symtable _thread _threading_local _tkinter _tokenize _tracemalloc _typing _uuid _warnings _weakref
  _weakrefset _winapi _zoneinfo abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit
  audioop base64 bdb binascii bisect builtins bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs
  codeop collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg crypt csv
  ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum
  errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass
  gettext glob graphlib grp gzip hashlib heapq hmac html http idlelib imaplib imghdr imp importlib inspect io
  ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math
  mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers
  opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib
  poplib posix posixpath pprint profile pstats pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri
  random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex shutil
  signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl
  stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile
  telnetlib tempfile termios textwrap this threading time timeit tkinter token tokenize tomllib trace
  traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest urllib uu uuid venv warnings
  wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
`;

/** A top-level standard-library module that came (`added`) or went (`removed`) in a 3.x minor version. */
export interface StdlibChange {
  readonly module: string;
  readonly added?: number;
  readonly removed?: number;
}

/** The changes between 3.8 and 3.13 (What's New in Python 3.9–3.13; PEP 594 for 3.13's removals). */
export const STDLIB_CHANGES: readonly StdlibChange[] = [
  { module: '_dummy_thread', removed: 9 },
  { module: 'dummy_threading', removed: 9 },
  { module: 'graphlib', added: 9 },
  { module: 'zoneinfo', added: 9 },
  { module: '_zoneinfo', added: 9 },
  { module: 'formatter', removed: 10 },
  { module: 'parser', removed: 10 },
  { module: 'symbol', removed: 10 },
  { module: '_bootlocale', removed: 10 },
  { module: 'binhex', removed: 11 },
  { module: 'tomllib', added: 11 },
  { module: 'distutils', removed: 12 },
  { module: 'imp', removed: 12 },
  { module: 'asynchat', removed: 12 },
  { module: 'asyncore', removed: 12 },
  { module: 'smtpd', removed: 12 },
  { module: '_wmi', added: 12 },
  { module: 'aifc', removed: 13 },
  { module: 'audioop', removed: 13 },
  { module: 'cgi', removed: 13 },
  { module: 'cgitb', removed: 13 },
  { module: 'chunk', removed: 13 },
  { module: 'crypt', removed: 13 },
  { module: '_crypt', removed: 13 },
  { module: 'imghdr', removed: 13 },
  { module: 'mailcap', removed: 13 },
  { module: 'msilib', removed: 13 },
  { module: '_msi', removed: 13 },
  { module: 'nis', removed: 13 },
  { module: 'nntplib', removed: 13 },
  { module: 'ossaudiodev', removed: 13 },
  { module: 'pipes', removed: 13 },
  { module: 'sndhdr', removed: 13 },
  { module: 'spwd', removed: 13 },
  { module: 'sunau', removed: 13 },
  { module: 'telnetlib', removed: 13 },
  { module: 'uu', removed: 13 },
  { module: 'xdrlib', removed: 13 },
  { module: 'lib2to3', removed: 13 },
  { module: '_colorize', added: 13 },
  { module: '_interpchannels', added: 13 },
  { module: '_interpqueues', added: 13 },
  { module: '_interpreters', added: 13 },
  { module: '_opcode_metadata', added: 13 },
  { module: '_pyrepl', added: 13 },
  { module: '_suggestions', added: 13 },
  { module: '_sysconfig', added: 13 },
];

const byVersion = new Map<PythonVersion, ReadonlySet<string>>();

/** The top-level standard-library module names of `version`. */
export function stdlibModules(version: PythonVersion): ReadonlySet<string> {
  let modules = byVersion.get(version);
  if (!modules) {
    modules = buildStdlib(Number(version.split('.')[1]));
    byVersion.set(version, modules);
  }
  return modules;
}

/** Whether top-level module `name` (`os`, not `os.path`) is in the standard library of `version`. */
export function isStdlibModule(name: string, version: PythonVersion): boolean {
  return stdlibModules(version).has(name);
}

function existsIn(change: StdlibChange, minor: number): boolean {
  return (change.added === undefined || minor >= change.added) && (change.removed === undefined || minor < change.removed);
}

function buildStdlib(minor: number): Set<string> {
  const modules = new Set(STDLIB_3_11.split(/\s+/).filter(Boolean));
  for (const change of STDLIB_CHANGES) {
    if (existsIn(change, minor)) modules.add(change.module);
    else modules.delete(change.module);
  }
  return modules;
}
