import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isValidProjectName, normalizeName } from '../../../src/core/packages/names';
import { DISTINCT_LOOKALIKES, POPULAR_PROJECTS } from '../../../src/core/packages/popularProjects';
import { PYPI_TOP_PROJECTS, PYPI_TOP_SOURCE } from '../../../src/core/packages/popularProjectsPypi';
import { TARGETED_PROJECTS } from '../../../src/core/packages/popularProjectsTargeted';
import {
  closestPopularProject,
  dependencyConfusionShape,
  isPopularProject,
  POPULARITY_SOURCE,
  popularProjectNames,
  typosquatTarget,
} from '../../../src/core/packages/typosquat';

/**
 * Every project the local package index of the development machines serves (its simple indexes and
 * find-links folder, as `bench/typosquat-false-positives.ts --write-names FILE` lists them): real,
 * established projects, none of which may be flagged.
 */
const LOCAL_INDEX_PROJECTS = `
absl-py accelerate aenum aiofile aiofiles aiohappyeyeballs aiohttp aiomqtt aiomysql aiosignal aiosqlite
alabaster ale-py alembic altair amqp annotated-doc annotated-types anthropic anyio anytree appdirs apscheduler
apsw arch argcomplete argon2-cffi argon2-cffi-bindings argparse array-api-compat arrow arviz ase asgiref
asn1crypto ast-serialize asteval astroid astropy astropy-iers-data asttokens astunparse async-lru asyncpg
attrs audioread authlib autograd automat automata-lib av babel backoff backports-tarfile bcrypt beartype
beautifulsoup4 billiard biopython bitarray black bleach blinker blis blobfile blosc2 bm25s bokeh boltons boto3
botocore bottleneck brotli build cachebox cachecontrol cachelib cachetools caio calver cantera cartopy casadi
catalogue cattrs cbor2 celery certifi cffi cfgv cftime chardet charset-normalizer chemicals ckzg clang-format
clang-tidy clarabel click click-plugins cligj cloudpathlib cloudpickle cma cmake cmeel cmeel-assimp
cmeel-boost cmeel-console-bridge cmeel-octomap cmeel-qhull cmeel-tinyxml2 cmeel-urdfdom cmeel-zlib coal cocotb
cocotb-bus cocotbext-axi coincurve colorama colorlog colour comm confection configargparse configparser conllu
constantly contourpy control coolprop coverage cramjam croniter cryptography cuda-pathfinder cuda-toolkit
curl-cffi cvxopt cvxpy cycler cyclopts cymem cysignals cython cytoolz dash dask datasets dateparser debugpy
decorator deepdiff defusedxml dependency-groups deprecated deprecation dill diskcache distlib distro
dj-database-url django dnspython docker docstring-parser docutils donfig duckdb ecdsa ecos editables eigenpy
einops einx elasticsearch email-validator emcee emoji environs et-xmlfile eth-hash eth-typing eth-utils etils
exceptiongroup execnet executing ezdxf faiss-cpu faker farama-notifications fastapi fastavro fasteners
fastjsonschema fastmcp fastmcp-slim fastparquet feedparser filelock filetype find-libpython fiona fla-core
flake8 flash-linear-attention flask flask-bcrypt flask-cors flask-jwt-extended flask-login flask-restful
flask-session flask-sqlalchemy flask-wtf flatbuffers flax flexcache flexparser flit-core fluids fonttools
formulaic fpdf2 fqdn freezegun frozendict frozenlist fsspec ftfy future galois gast geojson geopandas gguf
gitdb gitpython glfw gmpy2 gmsh google-api-core google-api-python-client google-auth google-auth-httplib2
google-auth-oauthlib google-crc32c google-genai google-pasta googleapis-common-protos graphql-core graphviz
greenlet griffelib groq grpcio grpcio-tools gspread gunicorn gymnasium h11 h2 h5netcdf h5py harfile
hatch-fancy-pypi-readme hatch-vcs hatchling hf-xet highspy hiredis holidays hpack html5lib httpcore httpcore2
httplib2 httptools httpx httpx-sse httpx2 huggingface-hub humanfriendly humanize hyperframe hyperlink
hypothesis hypothesis-graphql identify idna igraph imagecodecs imageio imageio-ffmpeg imagesize immutabledict
importlib-metadata importlib-resources incremental iniconfig interface-meta invoke ipdb ipykernel ipython
ipython-pygments-lexers ipywidgets isodate isoduration isort itsdangerous janus jaraco-classes jaraco-context
jaraco-functools jaraco-text jax jaxlib jaxtyping jedi jeepney jinja2 jiter jmespath joblib joserfc jplephem
json5 jsonpatch jsonpath-ng jsonpickle jsonpointer jsonref jsonschema jsonschema-path jsonschema-rs
jsonschema-specifications jupyter jupyter-builder jupyter-client jupyter-console jupyter-core jupyter-events
jupyter-lsp jupyter-server jupyter-server-terminals jupyterlab jupyterlab-pygments jupyterlab-server
jupyterlab-widgets jwcrypto kagglehub keras keyring kiwisolver kombu langchain langchain-community
langchain-core langchain-google-genai langchain-huggingface langchain-openai langchain-text-splitters
langcodes langgraph langgraph-checkpoint langgraph-prebuilt langgraph-sdk langsmith lark lazy-loader ldpc
levenshtein libclang libcoal libpinocchio librosa librt libtpu lightgbm lightning lightning-utilities linopy
llvmlite lm-eval locket loguru lxml lz4 mako markdown markdown-it-py markupsafe marshmallow matplotlib
matplotlib-inline matpowercaseframes maturin mccabe mcp mcp-types mdit-py-plugins mdurl mergedeep meshio meson
meson-python mido mir-eval mistral-common mistune ml-collections ml-dtypes mmh3 moocore more-itertools motor
mpi4py mpmath msgpack msgspec mujoco multidict multipledispatch multiprocess multitasking murmurhash music21
mutagen mypy mypy-extensions mysql-connector-python namex narwhals nats-py natsort nbclient nbconvert nbformat
ndindex neo4j nest-asyncio nest-asyncio2 netcdf4 networkit networkx nh3 nibabel ninja nltk nodeenv notebook
notebook-shim nox numba numcodecs numexpr numpy nvidia-cublas nvidia-cuda-cccl nvidia-cuda-crt
nvidia-cuda-cupti nvidia-cuda-nvcc nvidia-cuda-nvrtc nvidia-cuda-runtime nvidia-cudnn-cu13 nvidia-cufft
nvidia-cufile nvidia-curand nvidia-cusolver nvidia-cusparse nvidia-cusparselt-cu13 nvidia-nccl-cu13
nvidia-nvjitlink nvidia-nvshmem-cu13 nvidia-nvtx nvidia-nvvm oauth2client oauthlib olefile omegaconf onnx
onnx-ir onnxruntime onnxscript open-clip-torch openai openapi-pydantic opencv-python opencv-python-headless
openpyxl opentelemetry-api opentelemetry-exporter-otlp-proto-common opentelemetry-exporter-otlp-proto-http
opentelemetry-proto opentelemetry-sdk opt-einsum optax optree optuna orbax-checkpoint ordered-set orderly-set
orjson ormsgpack ortools osqp outcome overrides packaging paho-mqtt pandapower pandas pandera pandocfilters
paramiko parso partd passlib pathable pathlib-abc pathos pathspec patsy pdfminer-six pdfplumber peewee peft
pendulum pettingzoo pexpect pg8000 pillow pin pint pip platformdirs playwright plotly pluggy ply pocketsphinx
poetry-core polars polars-runtime-32 pooch portalocker postgrest posthog pot pox ppft pre-commit preshed
prettytable progress progressbar2 prometheus-client prompt-toolkit propcache proto-plus protobuf psutil
psycopg psycopg-binary psycopg2-binary ptyprocess pulp pure-eval py py-cpuinfo py-key-value-aio py-spy
pyahocorasick pyamg pyaml pyarrow pyasn1 pyasn1-modules pybammsolvers pybind11 pybullet pycocotools
pycodestyle pycountry pycparser pycryptodome pycryptodomex pydantic pydantic-core pydantic-settings pydeck
pydicom pydivsufsort pydot pydub pyee pyerfa pyevtk pyflakes pygame pygame-ce pygithub pygments pyjwt pylint
pymarc pymatching pymetis pymodbus pymongo pymoo pymysql pynacl pyodbc pyogrio pyopengl pyopenssl pyparsing
pypdf pypdfium2 pyperclip pyproj pyproject-hooks pypsa pyqt5 pyqt6 pyrate-limiter pyright pysam pyscf
pyscipopt pyserial pyshp pyside6-essentials pysocks pystemmer pytest pytest-asyncio pytest-benchmark
pytest-cov pytest-mock pytest-timeout pytest-xdist python-can python-crfsuite python-dateutil python-discovery
python-docx python-dotenv python-flint python-igraph python-json-logger python-multipart python-sat
python-slugify python-utils pytokens pytorch-lightning pytorch-metric-learning pytz pywavelets pyyaml pyzmq
qdldl qrcode qutip rank-bm25 rapidfuzz ray rdata rdflib realtime redis reedsolo referencing regex reportlab
requests requests-oauthlib requests-toolbelt resiliparse responses respx retrying rfc3339-validator rfc3986
rfc3986-validator rfc3987-syntax rich rich-rst robot-descriptions roman-numerals rotary-embedding-torch
rpds-py rsa ruamel-yaml ruff rustworkx s3transfer sacrebleu safetensors scapy scikit-build-core scikit-fem
scikit-image scikit-learn scikit-rf scipy scramp scs seaborn secretstorage selenium semantic-version
send2trash sentence-transformers sentencepiece service-identity setuptools setuptools-rust setuptools-scm sgp4
shap shapely shellingham shiboken6 simpleeval simplejson six skyfield slicer slycot smart-open smmap sniffio
snowballstemmer sortedcontainers sounddevice soundfile soupsieve soxr spacy spacy-legacy spacy-loggers
sparsediffpy sphinx sphinxcontrib-applehelp sphinxcontrib-devhelp sphinxcontrib-htmlhelp sphinxcontrib-jquery
sphinxcontrib-jsmath sphinxcontrib-qthelp sphinxcontrib-serializinghtml sqlalchemy sqlmodel sqlparse srsly
sse-starlette stack-data stamina starlette statsmodels stevedore stim storage3 streamlit strenum structlog
sudachidict-core supabase supabase-auth supabase-functions sympy tables tabulate tblib tenacity tensorboard
tensorboard-data-server tensorboardx tensorflow-cpu tensorstore termcolor terminado text-unidecode texttable
thermo thinc threadpoolctl tifffile tiktoken time-machine timm tinycss2 tld tokenizers toml tomli tomli-w
tomlkit toolz torch torch-einops-utils torch-geometric torchdata torchmetrics torchvision tornado tox tqdm
traitlets transformers treescope trimesh trio trio-websocket triton trl trove-classifiers truststore twisted
typeguard typer typer-slim typing-extensions typing-inspect typing-inspection tzdata tzlocal ujson
uncalled-for uncertainties unicorn universal-pathlib uri-template uritemplate urllib3 uuid-utils uvicorn
uvloop validators vcs-versioning vega-datasets vine virtualenv vtk wadler-lindig wandb wasabi wasmtime
watchdog watchfiles wcwidth weasel webcolors webencodings websocket-client websockets werkzeug wheel
widgetsnbextension wordcloud wrapt wsproto wtforms xarray xarray-einstats xlrd xlsxwriter xmlschema xxhash
xyzservices yarl yfinance yt-dlp z3-solver zipp zope-interface zstandard
`
  .split(/\s+/)
  .filter((name) => name.length > 0);

describe('project names (PEP 503 / PEP 508)', () => {
  const normalized: Array<[string, string]> = [
    ['Requests', 'requests'],
    ['python_dateutil', 'python-dateutil'],
    ['zope.interface', 'zope-interface'],
    ['Foo__Bar-._baz', 'foo-bar-baz'],
  ];
  for (const [name, expected] of normalized) {
    it(`normalizeName(${name}) = ${expected}`, () => assert.equal(normalizeName(name), expected));
  }
  const validity: Array<[string, boolean]> = [
    ['requests', true],
    ['a', true],
    ['zope.interface', true],
    ['Foo_Bar-1', true],
    ['-leading', false],
    ['trailing.', false],
    ['has space', false],
    ['', false],
    ['naïve', false],
  ];
  for (const [name, expected] of validity) {
    it(`isValidProjectName(${JSON.stringify(name)}) = ${expected}`, () => assert.equal(isValidProjectName(name), expected));
  }
});

describe('typosquatting', () => {
  // Known squats from PyPI incident reports (2017 SK-CSIRT list, later removals) and classic patterns.
  const squats: Array<[string, string, RegExp]> = [
    ['reqeusts', 'requests', /two adjacent letters swapped \('eu' for 'ue'\)/],
    ['requets', 'requests', /letter 's' missing/],
    ['requestss', 'requests', /letter 's' doubled/],
    ['reqvests', 'requests', /'v' in place of look-alike 'u'/],
    ['requ3sts', 'requests', /'3' in place of look-alike 'e'/],
    ['python-requests', 'requests', /'python-' prefix added/],
    ['requests-python', 'requests', /'-python' suffix added/],
    ['urlib3', 'urllib3', /doubled letter 'l' written once/],
    ['djanga', 'django', /one letter changed \('a' instead of 'o'\)/],
    ['diango', 'django', /one letter changed/],
    ['colourama', 'colorama', /extra letter 'u'/],
    ['mumpy', 'numpy', /one letter changed/],
    ['numpyy', 'numpy', /letter 'y' doubled/],
    ['jeIlyfish', 'jellyfish', /'i' in place of look-alike 'l'/],
    ['setup-tools', 'setuptools', /separator added/],
    ['pythondateutil', 'python-dateutil', /separator removed/],
    ['scikitlearn', 'scikit-learn', /separator removed/],
    ['python3-dateutil', 'python-dateutil', /'python3-' prefix instead of 'python-' prefix/],
    ['dateutil', 'python-dateutil', /'python-' prefix dropped/],
    ['python-openssl', 'pyopenssl', /'python-' prefix instead of 'py' prefix/],
    ['python-mongo', 'pymongo', /'python-' prefix instead of 'py' prefix/],
    ['crypt', 'bcrypt', /letter 'b' missing/],
    ['tensorfow', 'tensorflow', /letter 'l' missing/],
    ['matplotib', 'matplotlib', /letter 'l' missing/],
    ['pandsa', 'pandas', /two adjacent letters swapped/],
    ['beautifulsop4', 'beautifulsoup4', /letter 'u' missing/],
    ['google-cloud-storag', 'google-cloud-storage', /letter 'e' missing/],
    ['charset-normaliser', 'charset-normalizer', /one letter changed \('s' instead of 'z'\)/],
    ['typing-extentions', 'typing-extensions', /one letter changed/],
    ['cryptograpyh', 'cryptography', /two adjacent letters swapped/],
    // Often-imitated projects outside (or low in) the download ranking.
    ['dicsord.py', 'discord-py', /two adjacent letters swapped \('cs' for 'sc'\)/],
    ['freqtrde', 'freqtrade', /letter 'a' missing/],
    ['solanna', 'solana', /letter 'n' doubled/],
    ['pytorh', 'pytorch', /letter 'c' missing/],
    ['python-binanse', 'python-binance', /one letter changed \('s' instead of 'c'\)/],
    ['cryptocompar', 'cryptocompare', /letter 'e' missing/],
    // Names known only from the download ranking: the stricter rules.
    ['openaai', 'openai', /letter 'a' doubled/],
    ['langchian', 'langchain', /two adjacent letters swapped/],
    ['streamlti', 'streamlit', /two adjacent letters swapped/],
    ['huggingface-hbu', 'huggingface-hub', /two adjacent letters swapped/],
    ['sentence-transfomers', 'sentence-transformers', /letter 'r' missing/],
    ['pytest-asynico', 'pytest-asyncio', /two adjacent letters swapped/],
    ['opentelemetry-sdkk', 'opentelemetry-sdk', /letter 'k' doubled/],
    ['g0ogle-genai', 'google-genai', /'0' in place of look-alike 'o'/],
    ['playwrigt', 'playwright', /letter 'h' missing/],
    // Combosquatting: official-sounding words around a curated name.
    ['requests-sdk', 'requests', /'-sdk' added/],
    ['numpy-lib', 'numpy', /'-lib' added/],
    ['pandas-dev', 'pandas', /'-dev' added/],
    ['boto3-api', 'boto3', /'-api' added/],
    ['python-discord-py', 'discord-py', /'python-' prefix added/],
    ['py-solana-sdk', 'solana', /'py-' and '-sdk' added/],
    ['official-tensorflow', 'tensorflow', /'official-' added/],
  ];
  for (const [name, intended, how] of squats) {
    it(`${name} → ${intended}`, () => {
      const match = typosquatTarget(name);
      assert.ok(match, `${name} was not flagged`);
      assert.equal(match.intended, intended);
      assert.match(match.how, how);
    });
  }

  const fine = [
    'requests',
    'Requests',
    'python_dateutil',
    'Python.DateUtil',
    'PyYAML',
    // Distinct projects whose names differ only in version digits.
    'psycopg',
    'psycopg2-binary',
    'urllib',
    'pyqt5',
    // Established look-alikes, listed on purpose.
    'pyaml',
    'aiofile',
    // BeautifulSoup 3: differs from beautifulsoup4 only in a digit.
    'beautifulsoup',
    // Unrelated names and short names that are one letter from a short popular name.
    'snakepit-fixture-benign',
    'sox',
    'tax',
    'my-internal-package',
    'flask-babel',
    // Real projects one letter from a name of the download ranking (the stricter rules for those).
    'pyamg', // algebraic multigrid, not pyaml
    'pymoo', // multi-objective optimisation, not pyomo
    'environ', // not environs
    'types-boto3-ecr', // not types-boto3-ec2
    'jdatetime', // not datetime
    'whisperx', // not whisper
    'python-igraph', // not igraph
    'json-diff', // not jsondiff
    // Popular names combined with a word that are real projects, or plugins of a framework.
    'flask-api',
    'requests-toolbelt',
    'pytest-dev',
    'django-lib',
    'torch', // `py` prefix dropped from pytorch, but torch is the real project
  ];
  for (const name of fine) {
    it(`${name} is not flagged`, () => assert.equal(typosquatTarget(name), undefined));
  }

  it('the popular lists are normalised, sizeable and without repeats', () => {
    assert.ok(POPULAR_PROJECTS.length >= 500, `only ${POPULAR_PROJECTS.length} names`);
    for (const list of [POPULAR_PROJECTS, TARGETED_PROJECTS, PYPI_TOP_PROJECTS]) {
      assert.equal(new Set(list).size, list.length);
      for (const name of list) {
        assert.equal(normalizeName(name), name);
        assert.ok(isValidProjectName(name), name);
      }
    }
    for (const name of DISTINCT_LOOKALIKES) {
      assert.ok(!POPULAR_PROJECTS.includes(name), `${name} is popular, no need to list it as distinct`);
      assert.ok(closestPopularProject(name), `${name} does not look like a popular name: remove it from DISTINCT_LOOKALIKES`);
    }
  });

  it('the download ranking is a dated snapshot of ~5,000 names, with its source named, most downloaded first', () => {
    assert.match(PYPI_TOP_SOURCE, /^PyPI download ranking \(15,000 most-downloaded projects\), snapshot \d{4}-\d{2}$/);
    assert.equal(POPULARITY_SOURCE, PYPI_TOP_SOURCE);
    assert.ok(PYPI_TOP_PROJECTS.length >= 4900 && PYPI_TOP_PROJECTS.length <= 5000, `${PYPI_TOP_PROJECTS.length} names`);
    assert.ok(PYPI_TOP_PROJECTS.indexOf('boto3') < 10 && PYPI_TOP_PROJECTS.indexOf('requests') < 20);
    // The curated names stay: the ranking adds to them.
    for (const name of [...POPULAR_PROJECTS, ...TARGETED_PROJECTS, ...PYPI_TOP_PROJECTS]) {
      assert.ok(isPopularProject(name), name);
    }
    assert.equal(popularProjectNames().length, new Set([...POPULAR_PROJECTS, ...TARGETED_PROJECTS, ...PYPI_TOP_PROJECTS]).size);
  });

  it('no popular project is flagged as a squat of another, and few even resemble one under the rules', () => {
    const popular = popularProjectNames();
    const found: string[] = [];
    for (const name of popular) {
      assert.equal(typosquatTarget(name), undefined, `${name} is popular and must never be flagged`);
      // The match rules without the "popular names are fine" shortcut.
      const match = closestPopularProject(name, (candidate) => candidate !== name);
      if (match) {
        found.push(`${name} → ${match.intended}`);
      }
    }
    // Real, distinct projects that look alike (80 of 5,027 names in the 2026-11 snapshot).
    for (const pair of ['scipy → scapy', 'ujson → ijson', 'attrs → cattrs', 'pycryptodome → pycryptodomex', 'azure-common → azure-cosmos']) {
      assert.ok(found.includes(pair), pair);
    }
    assert.ok(found.length / popular.length < 0.03, `${found.length} of ${popular.length} popular names resemble another one`);
  });

  it('no false positives among the projects the local package index serves', () => {
    assert.ok(LOCAL_INDEX_PROJECTS.length > 850);
    const flagged = LOCAL_INDEX_PROJECTS.map((name) => [name, typosquatTarget(name)?.intended]).filter(([, intended]) => intended !== undefined);
    assert.deepEqual(flagged, []);
  });

  it('no false positives among ~840 real PyPI project names', () => {
    const file = path.resolve(__dirname, '..', '..', 'fixtures', 'requirements', 'real-project-names.txt');
    const names = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0 && !line.startsWith('#'));
    assert.ok(names.length > 800);
    const flagged = names.map((name) => [name, typosquatTarget(name)?.intended]).filter(([, intended]) => intended !== undefined);
    assert.deepEqual(flagged, []);
  });
});

describe('dependency-confusion shapes', () => {
  const suspicious: Array<[string, string | undefined, boolean, RegExp]> = [
    ['acme-billing', '99.0.0', false, /version 99\.0\.0/],
    ['acme-billing', '1000.0.1', true, /version 1000\.0\.1/],
    ['acme-internal-auth', '0.1.0', true, /'internal'/],
    ['acmecorp-utils', '1.0', true, /'acmecorp'/],
    ['payments-private-sdk', undefined, true, /'private'/],
  ];
  for (const [name, version, metadataEmpty, how] of suspicious) {
    it(`${name} ${version ?? ''}${metadataEmpty ? ' (empty metadata)' : ''} has the shape`, () => {
      const shape = dependencyConfusionShape({ name, version, metadataEmpty });
      assert.ok(shape, `${name} was not flagged`);
      assert.match(shape.how, how);
    });
  }
  const fine: Array<[string, string | undefined, boolean]> = [
    ['acme-internal-auth', '0.1.0', false], // internal-looking, but its metadata says who publishes it
    ['certifi-like', '2024.8.30', true], // calendar version
    ['tlds-like', '20261030', true], // a date as version
    ['pywin32', '312', true], // popular, with a long-running version number
    ['my-package', '98.1', true],
    ['corporate-memphis', '1.0', false],
  ];
  for (const [name, version, metadataEmpty] of fine) {
    it(`${name} ${version ?? ''} has not`, () => assert.equal(dependencyConfusionShape({ name, version, metadataEmpty }), undefined));
  }
});
