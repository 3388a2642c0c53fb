"""Source breakpoints with conditions, hit conditions and log messages."""
import linecache
import re

HIT_CONDITION = re.compile(r'^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$')


class Breakpoint:
    def __init__(self, ident, line, condition, hit_condition, log_message):
        self.id = ident
        self.line = line
        self.condition = condition or None
        self.hit_condition = hit_condition or None
        self.log_message = log_message or None
        self.hits = 0


class Breakpoints:
    def __init__(self, canonic, channel):
        self._canonic = canonic
        self._channel = channel
        self._by_file = {}
        self._next_id = 1
        self.last_hit = None

    def set(self, arguments):
        """Replaces the breakpoints of one file; answers with where each one really is."""
        path = self._canonic(arguments.get('path') or '')
        linecache.checkcache(path)
        lines = linecache.getlines(path)
        placed = {}
        answers = []
        for wanted in arguments.get('breakpoints') or []:
            line = int(wanted.get('line') or 0)
            hit_condition = wanted.get('hitCondition')
            if not lines:
                answers.append({'verified': False, 'line': line, 'message': 'the file %s does not exist in the sandbox' % path})
                continue
            if hit_condition and not HIT_CONDITION.match(hit_condition):
                answers.append({'verified': False, 'line': line, 'message': 'hit condition %r is not N, ">= N", "> N", "== N", "< N", "<= N" or "% N"' % hit_condition})
                continue
            actual = code_line(lines, line)
            if actual is None:
                answers.append({'verified': False, 'line': line, 'message': 'no code at or after line %d' % line})
                continue
            breakpoint = Breakpoint(self._next_id, actual, wanted.get('condition'), hit_condition, wanted.get('logMessage'))
            self._next_id += 1
            placed[actual] = breakpoint
            answers.append({'id': breakpoint.id, 'verified': True, 'line': actual})
        if placed:
            self._by_file[path] = placed
        else:
            self._by_file.pop(path, None)
        return {'breakpoints': answers}

    def in_file(self, filename):
        return self._canonic(filename) in self._by_file

    def should_stop(self, frame):
        breakpoint = self._by_file.get(self._canonic(frame.f_code.co_filename), {}).get(frame.f_lineno)
        if breakpoint is None:
            return False
        if breakpoint.condition:
            try:
                if not eval(breakpoint.condition, frame.f_globals, frame.f_locals):
                    return False
            except Exception as error:
                self._channel.event('output', {
                    'category': 'stderr',
                    'output': 'breakpoint condition %r at line %d failed (%s: %s); stopping\n' % (breakpoint.condition, breakpoint.line, type(error).__name__, error),
                })
        breakpoint.hits += 1
        if breakpoint.hit_condition and not hit_condition_met(breakpoint.hit_condition, breakpoint.hits):
            return False
        if breakpoint.log_message:
            self._channel.event('output', {'category': 'console', 'output': interpolate(breakpoint.log_message, frame) + '\n'})
            return False
        self.last_hit = breakpoint.id
        return True


def code_line(lines, line):
    """The first line at or after `line` that is not blank or a comment (1-based), or None."""
    for number in range(max(line, 1), len(lines) + 1):
        text = lines[number - 1].strip()
        if text and not text.startswith('#'):
            return number
    return None


def hit_condition_met(condition, hits):
    operator, number = HIT_CONDITION.match(condition).groups()
    number = int(number)
    if operator == '%':
        return number > 0 and hits % number == 0
    if operator == '>=':
        return hits >= number
    if operator is None:  # a plain number: that hit only, as debugpy does
        return hits == number
    return {'>': hits > number, '==': hits == number, '<': hits < number, '<=': hits <= number}[operator]


def interpolate(message, frame):
    def value(match):
        try:
            return str(eval(match.group(1), frame.f_globals, frame.f_locals))
        except Exception as error:
            return '<%s: %s>' % (type(error).__name__, error)

    return re.sub(r'\{([^{}]+)\}', value, message)
