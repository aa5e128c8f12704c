import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** What Grafana keeps per (org, plugin) in its plugin_setting table; the secrets are plain here (a test host). */
export interface StoredPluginSettings {
  enabled: boolean;
  pinned: boolean;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

/** The body of `POST /api/plugins/<id>/settings`, as Grafana's UpdatePluginSettingCmd accepts it. */
export interface PluginSettingsUpdate {
  enabled?: boolean;
  pinned?: boolean;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
}

export class SettingsValidationError extends Error {}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a POST body field by field; the error names the field and the value it got. */
export function parseSettingsUpdate(body: unknown): PluginSettingsUpdate {
  if (!isPlainObject(body)) {
    throw new SettingsValidationError(`request body must be a JSON object, got ${JSON.stringify(body)}`);
  }
  const update: PluginSettingsUpdate = {};
  for (const flag of ['enabled', 'pinned'] as const) {
    if (body[flag] !== undefined) {
      if (typeof body[flag] !== 'boolean') {
        throw new SettingsValidationError(`"${flag}" must be a boolean, got ${JSON.stringify(body[flag])}`);
      }
      update[flag] = body[flag];
    }
  }
  if (body.jsonData !== undefined && body.jsonData !== null) {
    if (!isPlainObject(body.jsonData)) {
      throw new SettingsValidationError(`"jsonData" must be an object, got ${JSON.stringify(body.jsonData)}`);
    }
    update.jsonData = body.jsonData;
  }
  if (body.secureJsonData !== undefined && body.secureJsonData !== null) {
    if (!isPlainObject(body.secureJsonData)) {
      throw new SettingsValidationError('"secureJsonData" must be an object of strings');
    }
    const secure: Record<string, string> = {};
    for (const [key, value] of Object.entries(body.secureJsonData)) {
      if (typeof value !== 'string') {
        throw new SettingsValidationError(`"secureJsonData.${key}" must be a string (its value is not echoed)`);
      }
      secure[key] = value;
    }
    update.secureJsonData = secure;
  }
  return update;
}

const EMPTY: StoredPluginSettings = { enabled: false, pinned: false, jsonData: {}, secureJsonData: {} };

/** Plugin settings persisted as one JSON file per plugin under the host's state directory. */
export class SettingsStore {
  private readonly file: string;

  constructor(stateDir: string, pluginId: string) {
    mkdirSync(stateDir, { recursive: true });
    this.file = join(stateDir, `plugin-settings-${pluginId}.json`);
    this.read(); // fail at start, not at the first request, when the file is unreadable
  }

  read(): StoredPluginSettings {
    if (!existsSync(this.file)) {
      return structuredClone(EMPTY);
    }
    const text = readFileSync(this.file, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      // Never overwrite a file we cannot read: the operator decides what to do with it.
      throw new Error(
        `host settings file ${this.file} is not valid JSON (${(error as Error).message}); fix or delete it`
      );
    }
    const update = parseSettingsUpdate(parsed);
    return { ...structuredClone(EMPTY), ...update } as StoredPluginSettings;
  }

  /** Grafana semantics: jsonData is replaced; secureJsonData keys are merged (absent keys keep their secret). */
  update(change: PluginSettingsUpdate): StoredPluginSettings {
    const current = this.read();
    const next: StoredPluginSettings = {
      enabled: change.enabled ?? current.enabled,
      pinned: change.pinned ?? current.pinned,
      jsonData: change.jsonData ?? current.jsonData,
      secureJsonData: { ...current.secureJsonData },
    };
    for (const [key, value] of Object.entries(change.secureJsonData ?? {})) {
      if (value === '') {
        delete next.secureJsonData[key]; // an emptied secret input resets the field
      } else {
        next.secureJsonData[key] = value;
      }
    }
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.file);
    return next;
  }
}

/** secureJsonFields as Grafana returns them: which secrets are set, never their values. */
export function secureJsonFields(settings: StoredPluginSettings): Record<string, boolean> {
  return Object.fromEntries(Object.keys(settings.secureJsonData).map((key) => [key, true]));
}
