"""Values as DAP variables: a short repr, a type, and a reference for expandable containers."""

MAX_REPR = 512
MAX_CHILDREN = 300


def short_repr(value):
    try:
        text = repr(value)
    except Exception as error:  # a broken __repr__ must not break the debugger
        text = '<repr failed: %s>' % type(error).__name__
    return text if len(text) <= MAX_REPR else text[:MAX_REPR] + '...'


def type_name(value):
    kind = type(value)
    module = getattr(kind, '__module__', '')
    return kind.__qualname__ if module in ('builtins', None, '') else '%s.%s' % (module, kind.__qualname__)


def children(value):
    """(name, child) pairs of a container or object, at most MAX_CHILDREN; None if it has none worth showing."""
    if isinstance(value, (str, bytes, bytearray, int, float, complex, bool)) or value is None:
        return None
    if isinstance(value, dict):
        items = [(short_repr(key), item) for key, item in value.items()]
    elif isinstance(value, (list, tuple)):
        items = [(str(index), item) for index, item in enumerate(value)]
    elif isinstance(value, (set, frozenset)):
        items = [(str(index), item) for index, item in enumerate(sorted(value, key=short_repr))]
    else:
        try:
            attributes = vars(value)
        except TypeError:
            return None
        if not isinstance(attributes, dict) or not attributes:
            return None
        items = [(str(name), item) for name, item in attributes.items() if not (str(name).startswith('__') and str(name).endswith('__'))]
    return items[:MAX_CHILDREN]


class References:
    """variablesReference numbers, valid while the program is stopped."""

    def __init__(self):
        self._values = {}

    def clear(self):
        self._values.clear()

    def add(self, kind, value):
        reference = len(self._values) + 1
        self._values[reference] = (kind, value)
        return reference

    def get(self, reference):
        return self._values.get(reference)

    def describe(self, name, value):
        has_children = bool(children(value))
        return {
            'name': name,
            'value': short_repr(value),
            'type': type_name(value),
            'variablesReference': self.add('value', value) if has_children else 0,
        }

    def expand(self, reference):
        entry = self.get(reference)
        if entry is None:
            raise KeyError('unknown or expired variablesReference %s' % reference)
        kind, value = entry
        if kind == 'scope':
            namespace = value
            return [self.describe(name, item) for name, item in list(namespace.items())[:2000] if name != '__builtins__']
        return [self.describe(name, item) for name, item in (children(value) or [])]
