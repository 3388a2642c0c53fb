import * as vscode from 'vscode';
import type { DistributionState, HistoryRecord, PythonEnvironment } from '../../core/environments';
import type { DriftItem } from '../../core/environments/drift';
import { normalizeName } from '../../core/packages/names';
import { relativeTime } from '../packages/relativeTime';
import { hasHistory, type EnvironmentsModel } from './environmentsModel';
import { BADGES, MISSING_ICON } from './badges';
import { distributionDescription, distributionTooltip, driftByName, driftMarker, entryLabel } from './presentation';

export type EnvironmentGroup = 'workspace' | 'global';

export type EnvironmentNode =
  | { kind: 'group'; group: EnvironmentGroup }
  | { kind: 'environment'; environment: PythonEnvironment }
  | { kind: 'distribution'; environment: PythonEnvironment; distribution: DistributionState; drift: DriftItem[] }
  | { kind: 'missing'; environment: PythonEnvironment; item: DriftItem }
  | { kind: 'history'; environment: PythonEnvironment }
  | { kind: 'entry'; environment: PythonEnvironment; entry: HistoryRecord; current: boolean }
  | { kind: 'message'; text: string; environment?: PythonEnvironment };

const GROUP_LABEL: Record<EnvironmentGroup, string> = { workspace: 'Workspace', global: 'Global' };

const groupOf = (env: PythonEnvironment): EnvironmentGroup => (env.kind === 'workspace' ? 'workspace' : 'global');

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The "Environments" view: environments grouped by where they were found (workspace, global), the active one
 * marked; under each, its History and its packages with verification badges and drift markers.
 */
export class EnvironmentsTreeProvider implements vscode.TreeDataProvider<EnvironmentNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EnvironmentNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: EnvironmentsModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(node?: EnvironmentNode): Promise<EnvironmentNode[]> {
    if (!node) {
      const all = await this.model.environments();
      return (['workspace', 'global'] as const).filter((group) => all.some((e) => groupOf(e) === group)).map((group) => ({ kind: 'group', group }));
    }
    switch (node.kind) {
      case 'group':
        return (await this.model.environments()).filter((e) => groupOf(e) === node.group).map((environment) => ({ kind: 'environment', environment }));
      case 'environment':
        return this.environmentChildren(node.environment);
      case 'history':
        return this.historyChildren(node.environment);
      default:
        return [];
    }
  }

  private async environmentChildren(environment: PythonEnvironment): Promise<EnvironmentNode[]> {
    let state;
    try {
      state = await this.model.state(environment);
    } catch (error) {
      return [{ kind: 'message', text: `cannot read its packages: ${errorText(error)}`, environment }];
    }
    const drift = driftByName(state.drift?.items ?? []);
    const history: EnvironmentNode[] = hasHistory(environment) ? [{ kind: 'history', environment }] : [];
    const missing = (state.drift?.items ?? []).filter((i) => i.kind === 'missing').map((item): EnvironmentNode => ({ kind: 'missing', environment, item }));
    const packages = state.distributions.map((distribution): EnvironmentNode => ({ kind: 'distribution', environment, distribution, drift: drift.get(normalizeName(distribution.name)) ?? [] }));
    const empty: EnvironmentNode[] = packages.length === 0 ? [{ kind: 'message', text: 'no packages installed', environment }] : [];
    return [...history, ...missing, ...packages, ...empty];
  }

  private async historyChildren(environment: PythonEnvironment): Promise<EnvironmentNode[]> {
    try {
      const entries = await this.model.entries(environment);
      return entries.map((entry, index) => ({ kind: 'entry', environment, entry, current: index === 0 }));
    } catch (error) {
      return [{ kind: 'message', text: `cannot read its history: ${errorText(error)}`, environment }];
    }
  }

  getParent(node: EnvironmentNode): EnvironmentNode | undefined {
    switch (node.kind) {
      case 'group':
        return undefined;
      case 'environment':
        return { kind: 'group', group: groupOf(node.environment) };
      case 'entry':
        return { kind: 'history', environment: node.environment };
      default:
        return node.environment && { kind: 'environment', environment: node.environment };
    }
  }

  async getTreeItem(node: EnvironmentNode): Promise<vscode.TreeItem> {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(GROUP_LABEL[node.group], vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${node.group}`;
        item.contextValue = 'environmentGroup';
        return item;
      }
      case 'environment':
        return this.environmentItem(node.environment);
      case 'distribution': {
        const { distribution: dist, drift } = node;
        const item = new vscode.TreeItem(dist.name, vscode.TreeItemCollapsibleState.None);
        item.id = `dist:${node.environment.prefix}:${normalizeName(dist.name)}`;
        item.description = distributionDescription(dist, drift);
        item.tooltip = distributionTooltip(dist, drift);
        item.iconPath = BADGES[dist.verification.state];
        item.contextValue = `environmentPackage.${dist.verification.state}`;
        return item;
      }
      case 'missing': {
        const item = new vscode.TreeItem(node.item.name, vscode.TreeItemCollapsibleState.None);
        item.id = `missing:${node.environment.prefix}:${node.item.name}`;
        item.description = `${driftMarker(node.item)}${node.item.specifier ? ` · ${node.item.specifier}` : ''}`;
        item.tooltip = `${node.item.message}${node.item.source ? `\nDeclared in ${node.item.source}` : ''}`;
        item.iconPath = MISSING_ICON;
        item.contextValue = 'environmentMissing';
        return item;
      }
      case 'history': {
        const item = new vscode.TreeItem('History', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `history:${node.environment.prefix}`;
        item.iconPath = new vscode.ThemeIcon('history');
        item.tooltip = 'Every state Snakepit recorded: its own changes, and changes made outside it (found when the files changed). Roll back to any of them.';
        item.contextValue = 'environmentHistory';
        return item;
      }
      case 'entry': {
        const { entry } = node;
        const item = new vscode.TreeItem(entryLabel(entry), vscode.TreeItemCollapsibleState.None);
        item.id = `entry:${node.environment.prefix}:${entry.id}`;
        item.description = `${node.current ? 'current · ' : ''}${relativeTime(entry.at)}`;
        item.tooltip = `${entry.kind} by ${entry.who}, ${new Date(entry.at).toLocaleString()}\n${entry.what}\n${entry.after.length} distributions, ${entry.files} files`;
        item.iconPath = new vscode.ThemeIcon(node.current ? 'circle-filled' : 'circle-outline');
        item.contextValue = node.current ? 'environmentEntry.current' : 'environmentEntry';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  private async environmentItem(env: PythonEnvironment): Promise<vscode.TreeItem> {
    const active = await this.model.isActive(env);
    const item = new vscode.TreeItem(env.name, env.kind === 'workspace' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `env:${env.prefix}`;
    item.description = [active ? 'active' : '', env.version ? `Python ${env.version}` : '', env.kind === 'workspace' ? '' : env.kind, env.writable ? '' : 'read-only'].filter(Boolean).join(' · ');
    item.tooltip = `${env.name} (${env.kind})\n${env.prefix}\nInterpreter: ${env.python}${active ? '\nActive: validated packages are installed here' : ''}`;
    item.iconPath = new vscode.ThemeIcon(active ? 'star-full' : env.isVirtualEnv ? 'symbol-namespace' : 'server-environment');
    item.contextValue = `environment${hasHistory(env) ? '.venv' : ''}`;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
