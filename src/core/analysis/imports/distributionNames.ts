/**
 * Import names whose distribution (the name to `pip install`) differs from the
 * import name, most likely distribution first. Keys are top-level names or
 * dotted prefixes (`google.protobuf`); the longest matching prefix wins.
 * Names that differ only by case or `-`/`_`/`.` need no entry (PEP 503 normalisation):
 * `flask_cors` is declared as `Flask-Cors`, `google.cloud.storage` as `google-cloud-storage`.
 */
const DISTRIBUTIONS_BY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  // Data, science, imaging
  PIL: ['pillow'],
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  sklearn: ['scikit-learn'],
  skimage: ['scikit-image'],
  Bio: ['biopython'],
  mpl_toolkits: ['matplotlib'],
  pylab: ['matplotlib'],
  fitz: ['PyMuPDF'],
  docx: ['python-docx'],
  pptx: ['python-pptx'],
  magic: ['python-magic'],
  Levenshtein: ['python-Levenshtein', 'levenshtein'],
  osgeo: ['GDAL'],
  // Web, networking, APIs
  bs4: ['beautifulsoup4'],
  jwt: ['PyJWT'],
  jose: ['python-jose'],
  multipart: ['python-multipart'],
  socks: ['PySocks'],
  OpenSSL: ['pyOpenSSL'],
  Crypto: ['pycryptodome', 'pycrypto'],
  Cryptodome: ['pycryptodomex'],
  nacl: ['PyNaCl'],
  rest_framework: ['djangorestframework'],
  corsheaders: ['django-cors-headers'],
  django_filters: ['django-filter'],
  debug_toolbar: ['django-debug-toolbar'],
  environ: ['django-environ'],
  websocket: ['websocket-client'],
  slack: ['slackclient'],
  telegram: ['python-telegram-bot'],
  discord: ['discord.py'],
  github: ['PyGithub'],
  gitlab: ['python-gitlab'],
  git: ['GitPython'],
  ldap: ['python-ldap'],
  paho: ['paho-mqtt'],
  zmq: ['pyzmq'],
  usb: ['pyusb'],
  serial: ['pyserial'],
  bluetooth: ['PyBluez'],
  // Namespace packages whose distribution is not the dotted name, or only partly
  'google.protobuf': ['protobuf'],
  'google.cloud.pubsub_v1': ['google-cloud-pubsub'],
  'google.cloud.secretmanager': ['google-cloud-secret-manager'],
  'google.oauth2': ['google-auth'],
  googleapiclient: ['google-api-python-client'],
  grpc: ['grpcio'],
  grpc_tools: ['grpcio-tools'],
  // Config, formats, CLI, utilities
  yaml: ['PyYAML'],
  ruamel: ['ruamel.yaml'],
  dotenv: ['python-dotenv'],
  dateutil: ['python-dateutil'],
  attr: ['attrs'],
  pkg_resources: ['setuptools'],
  _distutils_hack: ['setuptools'],
  Xlib: ['python-xlib'],
  win32api: ['pywin32'],
  win32con: ['pywin32'],
  win32com: ['pywin32'],
  win32gui: ['pywin32'],
  pythoncom: ['pywin32'],
  pywintypes: ['pywin32'],
  wx: ['wxPython'],
  gi: ['PyGObject'],
  sip: ['sip', 'PyQt5-sip'],
  kafka: ['kafka-python'],
  MySQLdb: ['mysqlclient'],
  mysql: ['mysql-connector-python'],
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  psycopg: ['psycopg', 'psycopg-binary'],
  snowflake: ['snowflake-connector-python'],
  bson: ['pymongo'],
  gridfs: ['pymongo'],
  memcache: ['python-memcached'],
  _cffi_backend: ['cffi'],
  pyximport: ['Cython'],
  // Testing and tooling
  _pytest: ['pytest'],
  xdist: ['pytest-xdist'],
  factory: ['factory-boy'],
  dns: ['dnspython'],
  whois: ['python-whois'],
  speech_recognition: ['SpeechRecognition'],
  OpenGL: ['PyOpenGL'],
  absl: ['absl-py'],
};

/** Top-level namespace packages shared by many distributions named after the dotted path. */
const NAMESPACE_ROOTS: ReadonlySet<string> = new Set([
  'google',
  'azure',
  'zope',
  'jaraco',
  'backports',
  'sphinxcontrib',
  'opentelemetry',
  'oslo',
  'plone',
  'flufl',
]);

/** Namespaces one level deeper: `azure.storage.blob` → `azure-storage-blob`. */
const DEEP_NAMESPACES: ReadonlySet<string> = new Set([
  'google.cloud',
  'azure.storage',
  'azure.keyvault',
  'azure.mgmt',
  'azure.ai',
  'azure.monitor',
  'azure.communication',
  'opentelemetry.instrumentation',
  'opentelemetry.exporter',
]);

/**
 * The distributions that may provide `module` (dotted import name), most likely
 * first: the table's entry for its longest listed prefix; for a namespace package,
 * its dotted path (`google.cloud.storage` → `google-cloud-storage`); else its top-level name.
 */
export function distributionsFor(module: string): readonly string[] {
  let prefix = module;
  for (;;) {
    if (Object.prototype.hasOwnProperty.call(DISTRIBUTIONS_BY_IMPORT, prefix)) return DISTRIBUTIONS_BY_IMPORT[prefix];
    const dot = prefix.lastIndexOf('.');
    if (dot < 0) break;
    prefix = prefix.slice(0, dot);
  }
  const parts = module.split('.');
  if (NAMESPACE_ROOTS.has(parts[0]) && parts.length > 1) {
    const depth = DEEP_NAMESPACES.has(`${parts[0]}.${parts[1]}`) && parts.length > 2 ? 3 : 2;
    return [parts.slice(0, depth).join('-')];
  }
  return [parts[0]];
}
