/** How to start the pdb bridge helper (python/snakepit_pdb) inside a sandbox where `helpersDirInSandbox` holds python/. */
export function pdbBridgeCommand(helpersDirInSandbox: string, python = 'python3'): { argv: string[]; env: Record<string, string> } {
  return {
    argv: [python, '-u', '-m', 'snakepit_pdb'],
    env: { PYTHONPATH: helpersDirInSandbox, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  };
}
