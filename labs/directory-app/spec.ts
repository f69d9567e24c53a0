// What the directory-app lab builds and what it builds on, in one place: the names (a contract, see DESIGN.md) and
// the instance's settings. The lab, its solution, its checks and its tests all read from here.

export const INSTANCE_NAME = 'employee-directory';
export const INSTANCE_TYPE = 't3.micro';
/** T3 instances launch "unlimited" by default: above the baseline for long, surplus credits are billed. Not here. */
export const CPU_CREDITS = 'standard';
/** The states of an instance that still exists: one of these is reused, never duplicated. */
export const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped'];

/** From the `vpc` lab. */
export const VPC_NAME = 'app-vpc';
export const SUBNET_NAME = 'public-a';
export const SECURITY_GROUP_NAME = 'web-sg';
/** From the `ec2-role` lab: the role and its instance profile share the name. */
export const PROFILE_NAME = 'EmployeeDirectoryAppRole';
export const ROLE_NAME = 'EmployeeDirectoryAppRole';

/** AWS keeps the id of the newest Amazon Linux 2023 image of each region in this public SSM parameter. */
export const AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

/** Where the app bundle goes in the bucket (everything of the app under `app/`, readable by the role), and its file name. */
export const BUNDLE_KEY = 'app/directory-app.mjs';
export const BUNDLE_FILE = 'directory-app.mjs';
/** The app keeps each employee's photo under this prefix: `employees/<id>/<random>.<ext>` (the role may write only here). */
export const PHOTO_PREFIX = 'employees/';

/**
 * How long an instance's first boot may take before its app answers: installing Node.js and fetching the bundle are
 * each retried for up to ten minutes by the user data. An app still silent after this is broken, not slow.
 */
export const BOOT_BUDGET_MS = 15 * 60_000;

/** The lab option that throws the instance away and launches a new one: `npx lab run directory-app --replace-instance`. */
export const REPLACE_OPTION = 'replace-instance';

/** Bucket names are global across all of AWS: account and region make this one unique and easy to find again. */
export function photosBucketName(account: string, region: string): string {
  return `employee-photos-${account}-${region}`;
}
