import type { UserDto } from '@jellyfin/sdk/lib/generated-client/models';
import type { SimUser } from './directory';

/**
 * `GET /Users` (`UserController.GetUsers`, `[Authorize]`, the same route in v10.8.13 … v12.0): every user,
 * ordered by name, optionally filtered by `isDisabled` / `isHidden` (the simulator hides nobody). Ids are
 * "N" Guids like everywhere else (§0.1); only the fields a client reads are filled, the rest is omitted.
 */
export function userListJson(users: Iterable<SimUser>, serverId: string, serverName: string, isDisabled: boolean | undefined): UserDto[] {
  return [...users]
    .filter((user) => isDisabled === undefined || user.disabled === isDisabled)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((user) => ({
      Name: user.name,
      ServerId: serverId,
      ServerName: serverName,
      Id: user.id,
      HasPassword: true,
      HasConfiguredPassword: true,
      HasConfiguredEasyPassword: false,
      EnableAutoLogin: false,
      Policy: {
        IsAdministrator: user.admin,
        IsHidden: false,
        IsDisabled: user.disabled,
        EnableRemoteControlOfOtherUsers: user.admin,
        EnableSharedDeviceControl: true,
        AuthenticationProviderId: 'Jellyfin.Server.Implementations.Users.DefaultAuthenticationProvider',
        PasswordResetProviderId: 'Jellyfin.Server.Implementations.Users.DefaultPasswordResetProvider',
      },
    }));
}
