import { callRule } from '../rule';
import { stringValue } from '../literals';

const HUB_FUNCTIONS: Record<string, string> = {
  from_pretrained: 'transformers',
  load_dataset: 'datasets',
  hf_hub_download: 'huggingface_hub',
  snapshot_download: 'huggingface_hub',
};
const HUB_MODULES = Object.values(HUB_FUNCTIONS);

/** A commit hash, full or abbreviated (Bandit: at least 7 hexadecimal characters). */
const COMMIT_HASH = /^[0-9a-fA-F]{7,}$/;

export const mlRules = [
  // B614: torch.load without weights_only=True.
  callRule({
    names: ['load'],
    visit(call, ctx) {
      if (!call.qualName.split('.').includes('torch')) return;
      if (call.keywordValue('weights_only') === 'True') return;
      ctx.report('B614', call.node);
    },
  }),
  // B615: Hugging Face downloads not pinned to a commit.
  callRule({
    names: Object.keys(HUB_FUNCTIONS),
    visit(call, ctx) {
      if (!HUB_MODULES.some((module) => ctx.importedLike(module))) return;
      if (!call.qualName.split('.').includes(HUB_FUNCTIONS[call.name])) return;
      const revision = stringValue(call.keyword('revision') ?? call.keyword('commit_id') ?? null);
      if (revision !== undefined && COMMIT_HASH.test(revision)) return;
      const source = call.argValue(0);
      if (typeof source === 'string' && (source.startsWith('./') || source.startsWith('/') || source.startsWith('../'))) return;
      ctx.report('B615', call.node, { fill: { name: call.name } });
    },
  }),
];
