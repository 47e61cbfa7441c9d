/**
 * The server's view of our `k8sServiceYaml` settings: pulled per resource through
 * `workspace/configuration`, cached by URI, cleared when the client says they changed,
 * and sanitised into the core's plain settings with defaults.
 */
import type { Connection } from 'vscode-languageserver/node';
// The core's types only: the core itself loads after `initialize` (see language.ts).
import { defaultSettings, toLocale, type CoreSettings } from './core/types';

export interface UserSettings {
  /** `auto` follows VS Code's display language. */
  locale: 'auto' | 'en' | 'ko';
  maxFileSize: number;
  validate: boolean;
  workspaceChecks: boolean;
}

export interface ServerSettings extends CoreSettings {
  validate: boolean;
  /** Checks that need the workspace (a selector that matches no workload, a targetPort no container has). */
  workspaceChecks: boolean;
}

function sanitise(raw: Partial<UserSettings> | null | undefined, clientLocale: string | undefined): ServerSettings {
  const locale = raw?.locale === 'en' || raw?.locale === 'ko' ? raw.locale : toLocale(clientLocale);
  const size = Number(raw?.maxFileSize);
  return {
    locale,
    maxFileSize: Number.isFinite(size) && size > 0 ? size : defaultSettings.maxFileSize,
    validate: raw?.validate !== false,
    workspaceChecks: raw?.workspaceChecks !== false,
  };
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  clientLocale: string | undefined;
  supportsConfiguration = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.supportsConfiguration) return Promise.resolve(sanitise(undefined, this.clientLocale));
    let entry = this.cache.get(uri);
    if (!entry) {
      entry = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'k8sServiceYaml' })
        .then((raw: Partial<UserSettings>) => sanitise(raw, this.clientLocale))
        .catch(() => sanitise(undefined, this.clientLocale));
      this.cache.set(uri, entry);
    }
    return entry;
  }

  forget(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}
