import { recordTransaction } from '../environments';
import { JsonlInstallRecorder } from './installRecorder';

/**
 * The install record plus the environment's history (issue #13): an intercepted install is a transaction there,
 * so `snakepit env history` shows who changed what and `snakepit env rollback` undoes it exactly.
 */
export class HistoryInstallRecorder extends JsonlInstallRecorder {
  constructor(
    file: string,
    private readonly stateDir: string,
    private readonly who: string,
  ) {
    super(file);
  }

  async transaction<T>(python: string, what: string, change: () => Promise<T>): Promise<T> {
    let outcome: { done: true; value: T } | { done: false } | undefined;
    const once = async () => {
      outcome = { done: false };
      const value = await change();
      outcome = { done: true, value };
      return value;
    };
    try {
      return (await recordTransaction(python, this.stateDir, { who: this.who, what }, once)).result;
    } catch (error) {
      // An environment without a history (not a venv, unreadable): the change still happens, unrecorded there.
      if (!outcome) return change();
      // The change went through but recording it failed: it stands (the next `snakepit env` call's fingerprint
      // records it as an external change); saying it failed would be false.
      if (outcome.done) return outcome.value;
      throw error;
    }
  }
}
