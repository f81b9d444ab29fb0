import * as vscode from 'vscode';
import { defaultFollowOptions, FollowOptions } from '../core/follow/follower';
import { FormatOptions } from '../core/log/format';
import { TimeMode } from '../core/log/recordTime';
import { normalizeServerUrl, readServers, ServerConfig } from '../core/config/servers';
import { timeModeSetting } from '../core/config/timeSetting';
import { NotificationLevel, notificationLevel, quietMs } from '../core/config/notificationSettings';

const SECTION = 'lava';

export function getServers(): ServerConfig[] {
  return readServers(vscode.workspace.getConfiguration(SECTION).get('servers'));
}

/** Adds servers to the user's (global) settings: `lava.servers` is application scoped. */
export async function addServers(servers: readonly ServerConfig[]): Promise<void> {
  if (servers.length === 0) return;
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.inspect<unknown[]>('servers')?.globalValue ?? [];
  const entries = servers.map(({ name, url, username }) => (username ? { name, url, username } : { name, url }));
  await config.update('servers', [...current, ...entries], vscode.ConfigurationTarget.Global);
}

/** Removes a server (by its normalized URL) from the user's (global) `lava.servers`. */
export async function removeServer(serverUrl: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.inspect<unknown[]>('servers')?.globalValue ?? [];
  const kept = current.filter((entry) => {
    const url = (entry as { url?: unknown } | null)?.url;
    if (typeof url !== 'string') return true;
    const checked = normalizeServerUrl(url);
    return !checked.ok || checked.url !== serverUrl;
  });
  await config.update('servers', kept, vscode.ConfigurationTarget.Global);
}

export interface FollowSettings {
  follow: FollowOptions;
  timeoutMs: number;
  format: FormatOptions;
}

export function getFollowSettings(): FollowSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const seconds = (key: string, fallback: number) => {
    const value = config.get<number>(key);
    return typeof value === 'number' && value > 0 ? value * 1000 : fallback * 1000;
  };
  const minDelayMs = seconds('pollMinDelaySeconds', defaultFollowOptions.minDelayMs / 1000);
  const levels = config.get<unknown>('logLevels');
  return {
    timeoutMs: seconds('requestTimeoutSeconds', 30),
    format: {
      time: timeMode(config),
      levels: Array.isArray(levels) ? new Set(levels.filter((l): l is string => typeof l === 'string')) : undefined,
    },
    // The defaults, with the two delays the user may set.
    follow: {
      ...defaultFollowOptions,
      minDelayMs,
      maxDelayMs: Math.max(minDelayMs, seconds('pollMaxDelaySeconds', defaultFollowOptions.maxDelayMs / 1000)),
    },
  };
}

/** `lava.validateOnSave` (default true): validate recognized job definitions when they are saved. */
export function getValidateOnSave(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('validateOnSave') !== false;
}

/** `lava.timestamps` (the user's value: the setting is application scoped). */
function timeMode(config: vscode.WorkspaceConfiguration): TimeMode {
  return timeModeSetting(config.inspect('timestamps')?.globalValue);
}

/** `lava.notifications`: which job ends are told (all, failures, none). */
export function getNotificationLevel(): NotificationLevel {
  return notificationLevel(vscode.workspace.getConfiguration(SECTION).get('notifications'));
}

/** `lava.watchMyJobs` (default false): tell the end of any job of the token's user. */
export function getWatchMyJobs(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get('watchMyJobs') === true;
}

/** `lava.quietMinutes` in ms (default 10 minutes, 0 = off). */
export function getQuietMs(): number {
  return quietMs(vscode.workspace.getConfiguration(SECTION).get('quietMinutes'));
}
