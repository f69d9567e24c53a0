// The names a command or a piece of code gives AWS resources: the value of a naming option (`--role-name R`,
// `--name T`), of a Name tag (`Key=Name,Value=V`) or of a filter on one, a `…Name` field in JSON or TypeScript
// (`"PolicyName": "P"`, `AlarmName: 'A'`), and the name at the end of an IAM, SNS or SQS ARN of an account.
// Values that are variables or placeholders (`"$BUCKET"`, `<queue-url>`) name nothing yet and are left out.

const NAMING = [
  /--(?!metric-name\b)(?:[a-z]+-)*name[ =](['"]?)([^\s'"]+)\1/g,
  /Key=Name,Value=([^\s,'"}\]]+)/g,
  /Name=(?:tag:Name|group-name),Values=([^\s,'"}\]]+)/g,
  /--iam-instance-profile Name=([^\s,'"]+)/g,
  /"?\b(?!Metric)[A-Za-z]*Name"?\s*:\s*(['"])([^'"]+)\1/g,
  /\barn:aws:(?:iam|sns|sqs):[a-z0-9-]*:\d{12}:(?:(?:role|policy|user|group|instance-profile|mfa)\/(?:[\w+=,.@-]+\/)*)?([\w+=,.@-]+)/g,
];

/** Every name the text gives, in order. */
export function namesGiven(text: string): string[] {
  const names: string[] = [];
  for (const pattern of NAMING) {
    for (const match of text.matchAll(pattern)) {
      // The name is each pattern's last group.
      const name = match.at(-1);
      if (name !== undefined && !/[$<>{}]/.test(name)) names.push(name);
    }
  }
  return names;
}
