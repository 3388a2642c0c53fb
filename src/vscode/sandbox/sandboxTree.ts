import * as vscode from 'vscode';
import type { SandboxHealth, SandboxRecord, SandboxStats, SnapshotRecord } from '../../core/sandbox/engine';
import { formatBytes } from '../../core/sandbox/parseSize';
import type { SandboxServices } from '../../core/sandbox/sandboxServices';
import type { AuditEntry } from '../../core/state/auditLog';

export type SandboxTreeNode =
  | { kind: 'sandbox'; record: SandboxRecord; health: SandboxHealth; stats?: SandboxStats }
  | { kind: 'group'; group: 'snapshots' | 'packages' | 'events'; record: SandboxRecord }
  | { kind: 'snapshot'; record: SandboxRecord; snapshot: SnapshotRecord }
  | { kind: 'package'; record: SandboxRecord; name: string; version: string }
  | { kind: 'event'; record: SandboxRecord; entry: AuditEntry }
  | { kind: 'message'; text: string; parent?: SandboxTreeNode };

const STATE_ICON: Record<SandboxHealth['state'], [string, string?]> = {
  running: ['vm-running', 'testing.iconPassed'],
  stopped: ['vm-outline'],
  dead: ['error', 'testing.iconFailed'],
  unhealthy: ['warning', 'list.warningForeground'],
  missing: ['question', 'list.warningForeground'],
};

/** The Sandboxes view: one node per sandbox, with its snapshots, installed packages and recent audit events. */
export class SandboxTreeProvider implements vscode.TreeDataProvider<SandboxTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SandboxTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: Array<Extract<SandboxTreeNode, { kind: 'sandbox' }>> = [];
  private statsTimer: NodeJS.Timeout | undefined;
  /** `pip list` per sandbox, kept until something changes it (exec, rollback) or the user refreshes the group. */
  private readonly packageLists = new Map<string, { listedAt: Date; nodes: Promise<SandboxTreeNode[]> }>();
  /** How many times `pip list` ran, per sandbox (for the tests and the log: it must not follow the stats timer). */
  readonly packageListings = new Map<string, number>();
  /** The group nodes last handed to the view, by `<group>:<sandbox>`: events and reveal must name the view's own objects. */
  private readonly groups = new Map<string, SandboxTreeNode & { kind: 'group' }>();

  /** Also the services the package gate and debugging share (one state directory, one audit log). */
  constructor(readonly services: SandboxServices) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Forgets the sandbox's package list (its packages may have changed) and redraws its group if shown. */
  packagesChanged(name: string): void {
    this.packageLists.delete(name);
    const group = this.groups.get(`packages:${name}`);
    if (group) this.changed.fire(group);
  }

  /** The node of a sandbox as the tree shows it now (after a refresh, from a fresh listing). */
  async sandboxNode(name: string): Promise<Extract<SandboxTreeNode, { kind: 'sandbox' }> | undefined> {
    const roots = await this.getChildren();
    return roots.find((n): n is Extract<SandboxTreeNode, { kind: 'sandbox' }> => n.kind === 'sandbox' && n.record.name === name);
  }

  private groupOf(group: 'snapshots' | 'packages' | 'events', record: SandboxRecord): SandboxTreeNode {
    return this.groups.get(`${group}:${record.name}`) ?? { kind: 'group', group, record };
  }

  /** Lets TreeView.reveal find a node's place: snapshots, packages and events sit in their group under their sandbox. */
  getParent(node: SandboxTreeNode): SandboxTreeNode | undefined {
    switch (node.kind) {
      case 'sandbox':
        return undefined;
      case 'group':
        return this.nodes.find((n) => n.record.name === node.record.name) ?? { kind: 'sandbox', record: node.record, health: { state: 'running' } };
      case 'snapshot':
        return this.groupOf('snapshots', node.record);
      case 'package':
        return this.groupOf('packages', node.record);
      case 'event':
        return this.groupOf('events', node.record);
      case 'message':
        return node.parent;
    }
  }

  /** Polls live stats of running sandboxes while the view is visible. */
  setVisible(visible: boolean, intervalMs = 3000): void {
    clearInterval(this.statsTimer);
    this.statsTimer = visible ? setInterval(() => void this.updateStats(), intervalMs) : undefined;
  }

  private async updateStats(): Promise<void> {
    for (const node of this.nodes) {
      if (node.health.state !== 'running') continue;
      try {
        node.stats = await this.services.manager.stats(node.record.name);
        this.changed.fire(node);
      } catch {
        // The next refresh shows why (the sandbox may be gone).
      }
    }
  }

  async getChildren(node?: SandboxTreeNode): Promise<SandboxTreeNode[]> {
    if (!node) {
      const records = await this.services.manager.list();
      this.nodes = await Promise.all(records.map(async (record) => ({ kind: 'sandbox' as const, record, health: await this.services.manager.health(record) })));
      void vscode.commands.executeCommand('setContext', 'snakepit.hasSandboxes', this.nodes.length > 0);
      return this.nodes;
    }
    if (node.kind === 'sandbox') {
      return (['snapshots', 'packages', 'events'] as const).map((group) => {
        const groupNode = { kind: 'group' as const, group, record: node.record };
        this.groups.set(`${group}:${node.record.name}`, groupNode);
        return groupNode;
      });
    }
    if (node.kind !== 'group') return [];
    const { record } = node;
    if (node.group === 'snapshots') {
      const snapshots = [...record.snapshots].reverse().map((snapshot) => ({ kind: 'snapshot' as const, record, snapshot }));
      return snapshots.length ? snapshots : [{ kind: 'message', text: 'no snapshots yet', parent: node }];
    }
    if (node.group === 'events') {
      return this.services.audit
        .read({ sandbox: record.name, limit: 20 })
        .reverse()
        .map((entry) => ({ kind: 'event' as const, record, entry }));
    }
    let list = this.packageLists.get(record.name);
    if (!list) {
      list = { listedAt: new Date(), nodes: this.packages(node) };
      this.packageLists.set(record.name, list);
    }
    return list.nodes;
  }

  private async packages(group: SandboxTreeNode & { kind: 'group' }): Promise<SandboxTreeNode[]> {
    const { record } = group;
    this.packageListings.set(record.name, (this.packageListings.get(record.name) ?? 0) + 1);
    try {
      const result = await this.services.manager.exec(record.name, ['python3', '-m', 'pip', 'list', '--format', 'json', '--disable-pip-version-check'], { timeoutMs: 30_000 });
      if (result.exitCode !== 0) return [{ kind: 'message', text: `pip list failed: ${result.stderr.trim().split('\n').pop() ?? result.exitCode}`, parent: group }];
      const packages = JSON.parse(result.stdout) as Array<{ name: string; version: string }>;
      return packages.map((p) => ({ kind: 'package' as const, record, name: p.name, version: p.version }));
    } catch (error) {
      // Not kept: the next expansion tries again.
      this.packageLists.delete(record.name);
      return [{ kind: 'message', text: `cannot list packages: ${error instanceof Error ? error.message : String(error)}`, parent: group }];
    }
  }

  getTreeItem(node: SandboxTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'sandbox': {
        const { record, health, stats } = node;
        const item = new vscode.TreeItem(record.name, vscode.TreeItemCollapsibleState.Collapsed);
        const isolation = this.services.engines[record.engine]?.isolated === false ? ' · NOT ISOLATED' : '';
        const live = stats ? ` · ${stats.cpuPercent.toFixed(0)}% · ${formatBytes(stats.memoryBytes)}` : '';
        item.description = `${record.engine} · ${record.image}${live}${isolation}`;
        const [icon, color] = STATE_ICON[health.state];
        item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
        item.tooltip = new vscode.MarkdownString(
          [`**${record.name}** — ${health.state}${health.reason ? `: ${health.reason}` : ''}`, `engine: ${record.engine}${isolation}`, `image: ${record.image}`, `network: ${record.network}`, `created: ${record.createdAt}`, `purpose: ${record.purpose}`].join('\n\n'),
        );
        item.contextValue = `sandbox.${health.state}`;
        item.id = `sandbox:${record.name}`;
        return item;
      }
      case 'group': {
        const labels = { snapshots: `Snapshots (${node.record.snapshots.length})`, packages: 'Installed packages', events: 'Recent events' };
        const icons = { snapshots: 'history', packages: 'package', events: 'output' };
        const item = new vscode.TreeItem(labels[node.group], vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon(icons[node.group]);
        item.id = `${node.group}:${node.record.name}`;
        item.contextValue = `group.${node.group}`;
        const listedAt = node.group === 'packages' ? this.packageLists.get(node.record.name)?.listedAt : undefined;
        if (listedAt) {
          item.description = `as of ${listedAt.toLocaleTimeString()}`;
          item.tooltip = 'Listed with pip when first expanded; listed again after Run Command and Roll Back, or with Refresh.';
        }
        return item;
      }
      case 'snapshot': {
        const item = new vscode.TreeItem(node.snapshot.label || node.snapshot.id);
        item.description = new Date(node.snapshot.createdAt).toLocaleString();
        item.iconPath = new vscode.ThemeIcon('bookmark');
        item.contextValue = 'snapshot';
        item.id = `snapshot:${node.record.name}:${node.snapshot.id}`;
        return item;
      }
      case 'package': {
        const item = new vscode.TreeItem(node.name);
        item.description = node.version;
        return item;
      }
      case 'event': {
        const item = new vscode.TreeItem(`${node.entry.operation} ${node.entry.result === 'ok' ? '✓' : '✗'}`);
        item.description = `${new Date(node.entry.time).toLocaleTimeString()} · ${node.entry.actor} · ${node.entry.durationMs} ms`;
        item.tooltip = JSON.stringify(node.entry, null, 2);
        return item;
      }
      case 'message':
        return new vscode.TreeItem(node.text);
    }
  }

  dispose(): void {
    clearInterval(this.statsTimer);
    this.changed.dispose();
  }
}
