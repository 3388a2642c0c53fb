/**
 * The most downloaded PyPI projects (PEP 503 normalised), written from knowledge of the public
 * download rankings (hugovk/top-pypi-packages, 2024–2025) — no network at run time. Typosquat
 * detection compares requirement names against this list. Names only; order carries no meaning.
 */
export const POPULAR_PROJECTS: readonly string[] = `
boto3 botocore urllib3 requests setuptools certifi charset-normalizer idna typing-extensions
python-dateutil s3transfer packaging aiobotocore six numpy grpcio-status s3fs pyyaml fsspec pip
cryptography pydantic cffi attrs pycparser pandas google-api-core importlib-metadata jmespath rsa
pyasn1 protobuf zipp click platformdirs wheel pytz markupsafe pydantic-core awscli colorama jinja2
tomli filelock virtualenv googleapis-common-protos pyjwt cachetools google-auth pluggy
pyasn1-modules jsonschema wrapt pytest annotated-types sqlalchemy iniconfig pyarrow psutil aiohttp
yarl multidict tzdata frozenlist aiosignal docutils greenlet requests-oauthlib oauthlib
exceptiongroup soupsieve beautifulsoup4 pyparsing scipy isodate decorator lxml werkzeug grpcio
async-timeout tomlkit distlib h11 anyio sniffio httpx httpcore openpyxl et-xmlfile pillow
more-itertools rich pygments markdown-it-py mdurl tqdm azure-core msal pynacl paramiko bcrypt
google-cloud-storage google-cloud-core google-resumable-media google-crc32c proto-plus flask
itsdangerous blinker gitpython gitdb smmap coverage pexpect ptyprocess requests-toolbelt chardet
matplotlib kiwisolver fonttools cycler contourpy pyopenssl sortedcontainers websocket-client regex
scikit-learn joblib threadpoolctl networkx sympy mpmath dill tabulate jsonschema-specifications
referencing rpds-py asn1crypto msgpack python-dotenv pyzmq tornado traitlets ipython jedi parso
prompt-toolkit wcwidth pickleshare backcall matplotlib-inline stack-data executing asttokens
pure-eval ipykernel jupyter-client jupyter-core nest-asyncio debugpy comm nbformat fastjsonschema
nbconvert mistune bleach webencodings tinycss2 defusedxml pandocfilters jupyterlab-pygments
nbclient notebook jupyter-server terminado argon2-cffi argon2-cffi-bindings send2trash
prometheus-client websockets uvicorn fastapi starlette gunicorn django sqlparse asgiref psycopg2
psycopg2-binary psycopg pymysql mysqlclient redis celery kombu billiard vine amqp click-didyoumean
click-repl click-plugins pyrsistent arrow toml black mypy mypy-extensions pathspec isort flake8
pycodestyle pyflakes mccabe pylint astroid tomli-w pre-commit identify nodeenv cfgv pytest-cov
pytest-mock pytest-xdist execnet pytest-asyncio pytest-runner pytest-timeout hypothesis tox nox
google-cloud-bigquery google-cloud-pubsub grpc-google-iam-v1 google-auth-oauthlib
google-auth-httplib2 httplib2 uritemplate google-api-python-client oauth2client azure-storage-blob
azure-identity azure-common msrest msal-extensions portalocker pywin32 pywin32-ctypes keyring
jaraco-classes jaraco-functools jaraco-context secretstorage jeepney importlib-resources xmltodict
termcolor humanfriendly coloredlogs markdown babel pytzdata pendulum python-slugify text-unidecode
unidecode marshmallow simplejson ujson orjson xlrd xlsxwriter numba llvmlite tensorflow tensorboard
keras absl-py astunparse flatbuffers gast google-pasta h5py libclang ml-dtypes opt-einsum
tensorflow-estimator tensorflow-io-gcs-filesystem torch torchvision torchaudio transformers
tokenizers huggingface-hub safetensors datasets accelerate sentencepiece nltk spacy gensim
opencv-python opencv-python-headless imageio scikit-image tifffile pywavelets seaborn plotly dash
bokeh altair statsmodels patsy xgboost lightgbm catboost shapely pyproj fiona geopandas rtree
sqlalchemy-utils alembic mako pymongo dnspython elasticsearch cassandra-driver kafka-python
confluent-kafka pika paho-mqtt grpcio-tools thrift avro fastavro pyspark py4j findspark dask
distributed toolz cloudpickle partd locket zict tblib heapdict bottle cherrypy falcon pyramid sanic
aiofiles aiohttp-cors httptools uvloop watchfiles watchdog python-multipart email-validator
jsonpointer jsonpatch jsonpath-ng ply pycryptodome pycryptodomex ecdsa python-jose passlib authlib
flask-sqlalchemy flask-cors flask-login flask-wtf wtforms flask-restful flask-migrate
flask-jwt-extended djangorestframework django-cors-headers django-filter django-extensions
django-environ django-storages channels daphne selenium webdriver-manager playwright trio
trio-websocket outcome wsproto scrapy twisted zope-interface automat constantly hyperlink
incremental service-identity parsel w3lib itemadapter cssselect pyquery html5lib boto s3cmd moto
responses requests-mock freezegun faker factory-boy mock nose pyhamcrest behave tenacity retrying
backoff ratelimit cachecontrol lockfile pbr stevedore oslo-config cliff cmd2 prettytable texttable
docopt fire typer argcomplete configargparse python-json-logger structlog loguru sentry-sdk
newrelic datadog ddtrace opentelemetry-api opentelemetry-sdk opentelemetry-proto
opentelemetry-exporter-otlp prometheus-flask-exporter statsd pyserial pyusb netaddr netifaces
ipaddress scapy fabric invoke pywinrm ansible ansible-core resolvelib jinja2-time cookiecutter
binaryornot sphinx sphinx-rtd-theme alabaster imagesize snowballstemmer sphinxcontrib-applehelp
sphinxcontrib-devhelp sphinxcontrib-htmlhelp sphinxcontrib-jsmath sphinxcontrib-qthelp
sphinxcontrib-serializinghtml mkdocs mkdocs-material pymdown-extensions ghp-import mergedeep
pyyaml-env-tag readme-renderer twine pkginfo rfc3986 build pyproject-hooks poetry poetry-core
pipenv pipx hatchling hatch flit flit-core setuptools-scm pdm cython pybind11 cmake ninja
scikit-build meson meson-python maturin types-requests types-pyyaml types-setuptools
types-python-dateutil types-urllib3 types-pytz types-six types-redis types-protobuf boto3-stubs
botocore-stubs mypy-boto3-s3 typeguard typing-inspect pydantic-settings openai anthropic tiktoken
langchain langchain-core langchain-community langsmith jsonpickle cattrs xxhash zstandard lz4
brotli python-snappy pyodbc cx-oracle oracledb snowflake-connector-python snowflake-sqlalchemy
databricks-sql-connector databricks-sdk great-expectations mlflow wandb azure-mgmt-core
azure-mgmt-resource azure-keyvault-secrets azure-storage-file-datalake azure-cosmos
azure-servicebus azure-eventhub google-cloud-secret-manager google-cloud-logging
google-cloud-aiplatform google-cloud-firestore google-cloud-spanner google-cloud-dataproc
firebase-admin twilio slack-sdk sendgrid stripe pyotp qrcode python-magic filetype ftfy emoji
jellyfish rapidfuzz fuzzywuzzy python-levenshtein levenshtein thefuzz textblob pyttsx3 gtts
speechrecognition pydub soundfile librosa audioread pygame pyglet arcade kivy pyqt5 pyqt5-sip pyqt6
pyside2 pyside6 wxpython pyautogui pynput pyperclip pillow-heif reportlab pypdf pypdf2 pdfminer-six
pdfplumber pymupdf fpdf python-docx python-pptx docx2txt xlwt xlutils pyexcel tablib odfpy
requests-html requests-futures grequests gevent eventlet pycurl truststore ruff pyright bandit
safety pip-audit semgrep pylint-django autopep8 yapf jupyterlab ipywidgets widgetsnbextension
jupyterlab-widgets voila streamlit gradio panel holoviews param pywebview marshmallow-sqlalchemy
apispec connexion flasgger graphene graphql-core strawberry-graphql ariadne jwcrypto
python-keycloak aws-xray-sdk aws-requests-auth aws-sam-translator cfn-lint aws-lambda-powertools
chalice zappa serverless-wsgi docker docker-compose kubernetes pyinstaller
pyinstaller-hooks-contrib py2exe cx-freeze nuitka pycairo pygobject dbus-python polars duckdb vaex
modin sqlmodel tortoise-orm peewee mongoengine motor beanie asyncpg aiomysql aiosqlite databases
aioredis pytest-django pytest-flask pytest-html pytest-metadata pytest-rerunfailures
pytest-benchmark pytest-env pytest-randomly pytest-sugar pytest-ordering pytest-bdd allure-pytest
colorlog alive-progress progressbar2 yaspin pyfiglet blessed urwid inflection inflect humanize
natsort cytoolz funcy boltons dataclasses-json dacite msgspec immutables frozendict diskcache
cachelib dogpile-cache pylibmc python-memcached pymemcache apscheduler schedule croniter
python-crontab rq huey dramatiq python-rapidjson ijson geopy geographiclib haversine folium
pytesseract easyocr zeep suds suds-community cssutils premailer ldap3 python-ldap pysftp
smbprotocol pysmb hvac consul jira atlassian-python-api pygithub python-gitlab tweepy praw bs4
`
  .split(/\s+/)
  .filter((name) => name.length > 0);

/**
 * Established projects whose names resemble a popular one by design or history, not to deceive
 * (each checked against what the project is): never reported as typosquats.
 */
export const DISTINCT_LOOKALIKES: readonly string[] = [
  'aiofile', // mosquito/aiofile, an asyncio file library older than aiofiles' popularity
  'pyaml', // pretty-printing YAML on top of PyYAML
  'tensorboardx', // tensorboardX, TensorBoard for PyTorch
  'uri-template', // RFC 6570 templates, distinct from uritemplate
];
