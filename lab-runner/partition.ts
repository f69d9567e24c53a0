// The partition of a region: every ARN starts `arn:<partition>:`, and the China and GovCloud regions are partitions of
// their own (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
