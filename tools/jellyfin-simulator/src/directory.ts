import type { IdSource } from './ids';

/** A Jellyfin user (only what the simulator needs). */
export interface SimUser {
  readonly id: string;
  readonly name: string;
  admin: boolean;
  disabled: boolean;
}

/** A user access token is a Devices row: the owner plus the device that logged in (§1.2). */
export interface DeviceRecord {
  readonly userId: string;
  readonly client: string;
  readonly deviceName: string;
  readonly deviceId: string;
  readonly version: string;
}

export interface DeviceInfo {
  readonly client?: string;
  readonly deviceName?: string;
  readonly deviceId?: string;
  readonly version?: string;
}

/** Users, API keys and access tokens: the server's accounts database. Survives `restart()`. */
export class Directory {
  readonly users = new Map<string, SimUser>();
  /** token → API key name. */
  readonly apiKeys = new Map<string, string>();
  readonly accessTokens = new Map<string, DeviceRecord>();

  constructor(private readonly ids: IdSource) {}

  addUser(name: string, options: { admin?: boolean; disabled?: boolean } = {}): string {
    const id = this.ids.guid();
    this.users.set(id, { id, name, admin: options.admin ?? false, disabled: options.disabled ?? false });
    return id;
  }

  user(id: string | undefined): SimUser | undefined {
    return id === undefined ? undefined : this.users.get(id);
  }

  /** A user access token as if the user had logged in on that device. */
  createAccessToken(userId: string, device: DeviceInfo = {}): string {
    if (!this.users.has(userId)) throw new Error(`no user ${userId}`);
    const token = this.ids.guid();
    this.accessTokens.set(token, {
      userId,
      client: device.client ?? 'Jellyfin Web',
      deviceName: device.deviceName ?? 'Firefox',
      deviceId: device.deviceId ?? this.ids.guid(),
      version: device.version ?? '10.11.7',
    });
    return token;
  }

  addApiKey(name: string, token: string = this.ids.guid()): string {
    this.apiKeys.set(token, name);
    return token;
  }

  revokeApiKey(token: string): void {
    this.apiKeys.delete(token);
  }
}
