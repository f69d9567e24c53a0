// IAM users and what makes them work: the account's password policy, groups (marked by the lab's IAM path, since
// they cannot be tagged) and their managed policies, users (tagged) and their group memberships, console passwords,
// virtual MFA devices (their seeds kept privately, see ./iam-users/mfa-seeds.ts), and the access keys a lab makes for
// its own users, held in memory only (./iam-users/access-keys.ts). IAM is global: found once, whatever the region. A
// reset run as one of these users leaves it, and what its permissions come from, in place (./iam-users/caller.ts).
//
// Converging on a rerun, a step that attaches policies to a group, or puts a user in groups, makes all of them: when
// it ends, a group holds only the policies it attached and a user only the groups it was put in (and no policies of
// its own), so what an earlier, wrong run added is taken away.
import type { ResourceKind } from './kind.js';
import { accessKeyKinds } from './iam-users/access-keys.js';
import { groupKinds } from './iam-users/groups.js';
import { loginProfileKinds } from './iam-users/login-profiles.js';
import { mfaDeviceKinds } from './iam-users/mfa-devices.js';
import { passwordPolicy } from './iam-users/password-policy.js';
import { userKinds } from './iam-users/users.js';

export const iamUsersKinds: ResourceKind[] = [passwordPolicy, ...mfaDeviceKinds, ...loginProfileKinds, ...groupKinds, ...accessKeyKinds, ...userKinds];
