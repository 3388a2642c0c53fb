import * as vscode from 'vscode';
import type { SandboxDebugSession } from '../../core/debug/sandboxDebugSession';

/** The core session as a vscode.DebugAdapter, run in the extension host (no extra process). */
export class InlineSandboxAdapter implements vscode.DebugAdapter {
  private readonly emitter = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.emitter.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly session: SandboxDebugSession) {
    this.subscription = session.onDidSendMessage((message) => this.emitter.fire(message));
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    this.session.handleMessage(message as Parameters<SandboxDebugSession['handleMessage']>[0]);
  }

  dispose(): void {
    this.session.dispose();
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
