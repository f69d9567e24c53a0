// Some IAM resources cannot carry the lab tag: groups have no tags at all, and LocalStack ignores the tags of virtual
// MFA devices. Those a lab creates under the IAM path `/workbook/<lab>/`, and `lab reset` treats that path as the tag.
// A path is part of the resource's ARN, set at creation and visible in every listing, so nothing else ends up there
// by accident; the name stays what the student knows (`Admins` is still `Admins`).

export function labPath(labId: string): string {
  return `/workbook/${labId}/`;
}

/** Whether an IAM ARN such as `arn:aws:iam::123456789012:mfa/workbook/root-and-admin/admin` lies under a lab's path. */
export function arnUnderLabPath(arn: string | undefined, labId: string): boolean {
  const resource = (arn ?? '').split(':').slice(5).join(':');
  return resource.slice(resource.indexOf('/')).startsWith(labPath(labId));
}
