import type { RuleDescription } from '../types';

/** The catalog entry of an import rule. */
export type ImportRule = RuleDescription;

export const UNDECLARED_DEPENDENCY: ImportRule = {
  id: 'SP100',
  name: 'undeclared-dependency',
  severity: 'low',
  confidence: 'medium',
  cwe: null,
  explanation:
    'A third-party module is imported, but no distribution that provides it is declared in requirements*.txt or ' +
    'pyproject.toml. The code then runs only where someone installed the package by hand, with whatever version ' +
    'they got — and a name installed on a guess is how typosquatted and dependency-confused packages get in.',
  fix:
    'Declare the distribution that provides the module (the message names the likely one) in pyproject.toml ' +
    '[project].dependencies or a requirements file, with a version constraint. Imports guarded by ' +
    '`try: ... except ImportError:` and under `if TYPE_CHECKING:` are not reported.',
};

export const IMPORT_RULES: readonly ImportRule[] = [UNDECLARED_DEPENDENCY];
