// Some IAM resources cannot carry the lab tag: groups have no tags at all, and LocalStack ignores the tags of virtual
// MFA devices. Those a lab creates under the IAM path `/workbook/<lab>/`, and `lab reset` treats that path as the tag.
// A path is part of the resource's ARN, set at creation and visible in every listing, so nothing else ends up there
// by accident; the name stays what the student knows (`Admins` is still `Admins`).

const ROOT = '/workbook/';

export function labPath(labId: string): string {
  return `${ROOT}${labId}/`;
}

/** The lab whose path `path` is (`/workbook/root-and-admin/` → `root-and-admin`), or undefined for any other path. */
export function labOfPath(path: string | undefined): string | undefined {
  const match = /^\/workbook\/([a-z0-9]+(?:-[a-z0-9]+)*)\/$/.exec(path ?? '');
  return match?.[1];
}

/** The path inside an IAM ARN: `arn:aws:iam::123456789012:mfa/workbook/root-and-admin/admin` → `/workbook/root-and-admin/`. */
export function pathOfArn(arn: string | undefined): string {
  const resource = (arn ?? '').split(':').slice(5).join(':');
  const parts = resource.split('/');
  return parts.length > 2 ? `/${parts.slice(1, -1).join('/')}/` : '/';
}

/** Whether an IAM ARN such as `arn:aws:iam::123456789012:mfa/workbook/root-and-admin/admin` lies under a lab's path. */
export function arnUnderLabPath(arn: string | undefined, labId: string): boolean {
  return pathOfArn(arn) === labPath(labId);
}
