import { callRule } from '../rule';
import { stringValue, unparenthesize } from '../literals';

const HUB_FUNCTIONS: Record<string, string> = {
  from_pretrained: 'transformers',
  load_dataset: 'datasets',
  hf_hub_download: 'huggingface_hub',
  snapshot_download: 'huggingface_hub',
};
const HUB_MODULES = Object.values(HUB_FUNCTIONS);

const TORCH_LOADS = new Set(['torch.load', 'torch.serialization.load']);

/** Python's ast.Constant. */
const CONSTANT_TYPES = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none', 'ellipsis']);

/** A commit hash, full or abbreviated (Bandit: at least 7 hexadecimal characters). */
const COMMIT_HASH = /^[0-9a-fA-F]{7,}$/;

export const mlRules = [
  // B614: torch.load / torch.serialization.load (which unpickle) without weights_only=True; other `load`s of torch do not unpickle.
  callRule({
    names: ['load'],
    visit(call, ctx) {
      if (!TORCH_LOADS.has(call.qualName) || call.keywordValue('weights_only') === 'True') return;
      ctx.report('B614', call.node);
    },
  }),
  // B615: Hugging Face downloads not pinned to a commit.
  callRule({
    names: Object.keys(HUB_FUNCTIONS),
    visit(call, ctx) {
      if (!HUB_MODULES.some((module) => ctx.importedLike(module))) return;
      if (!call.qualName.split('.').includes(HUB_FUNCTIONS[call.name])) return;
      const pins = [call.keyword('revision'), call.keyword('commit_id')];
      // A revision given by a variable or an expression cannot be checked: Bandit (1.9.4) trusts it.
      if (pins.some((pin) => pin && !CONSTANT_TYPES.has(unparenthesize(pin)?.type ?? ''))) return;
      const revision = pins.map((pin) => stringValue(pin ?? null)).find((value) => !!value);
      if (revision !== undefined && COMMIT_HASH.test(revision)) return;
      const source = call.argValue(0);
      if (typeof source === 'string' && (source.startsWith('./') || source.startsWith('/') || source.startsWith('../'))) return;
      ctx.report('B615', call.node, { fill: { name: call.name } });
    },
  }),
];
