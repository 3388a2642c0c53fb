import * as vscode from 'vscode';
import type { VerificationState } from '../../core/environments/types';

/** A package's verification badge: its ThemeIcon and colour per state. */
export const BADGES: Record<VerificationState, vscode.ThemeIcon> = {
  verified: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  warned: new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  unverified: new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground')),
  modified: new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('testing.iconFailed')),
};

/** A declared package that is not installed. */
export const MISSING_ICON = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground'));
