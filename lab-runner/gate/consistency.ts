// Eventual consistency: for a short while after it is created, a new security group, internet gateway, route table,
// role or instance profile is not yet visible to the next request, which gets the documented NotFound answer.
// https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
import type { AwsError } from './errors.js';
import type { GateRequest } from './request.js';

interface Kind {
  /** Where the new resource's id is: a tag in the EC2 answer, or a parameter of the IAM request. */
  fromAnswer?: string;
  fromParam?: string;
  notFound: (id: string) => AwsError;
}

const ec2NotFound = (code: string, what: string) => (id: string) => ({ status: 400, code, message: `The ${what} '${id}' does not exist` });
const iamNoSuchEntity = (what: string) => (id: string) => ({ status: 404, code: 'NoSuchEntity', message: `The ${what} with name ${id} cannot be found.` });

const CREATES: Record<string, Kind> = {
  'ec2:CreateSecurityGroup': { fromAnswer: 'groupId', notFound: ec2NotFound('InvalidGroup.NotFound', 'security group') },
  'ec2:CreateInternetGateway': { fromAnswer: 'internetGatewayId', notFound: ec2NotFound('InvalidInternetGatewayID.NotFound', 'internetGateway ID') },
  'ec2:CreateRouteTable': { fromAnswer: 'routeTableId', notFound: ec2NotFound('InvalidRouteTableID.NotFound', 'routeTable ID') },
  'iam:CreateRole': { fromParam: 'RoleName', notFound: iamNoSuchEntity('role') },
  'iam:CreateInstanceProfile': { fromParam: 'InstanceProfileName', notFound: iamNoSuchEntity('instance profile') },
};

export const RECORDS_FROM = new Set(Object.keys(CREATES));

interface Recent {
  until: number;
  kind: Kind;
  service: string;
}

export class Consistency {
  private readonly recent = new Map<string, Recent>();

  /** Notes what a successful create made, invisible for `windowMs`. */
  record(request: GateRequest, account: string, answer: string, windowMs: number): void {
    const op = `${request.service}:${request.operation}`;
    const kind = CREATES[op];
    if (!kind) return;
    const id = kind.fromParam ? request.params[kind.fromParam] : new RegExp(`<${kind.fromAnswer}>([^<]+)</${kind.fromAnswer}>`).exec(answer)?.[1];
    if (id) this.recent.set(`${account}|${id}`, { until: Date.now() + windowMs, kind, service: request.service });
  }

  /** A request naming a resource still inside its window: the answer AWS gives for it. */
  check(request: GateRequest, account: string): AwsError | undefined {
    if (this.recent.size === 0 || CREATES[`${request.service}:${request.operation}`]) return undefined;
    const now = Date.now();
    for (const [key, value] of Object.entries(request.params)) {
      // A describe by filter finds nothing rather than failing; only resources named outright are refused.
      if (key.startsWith('Filter.')) continue;
      const recent = this.recent.get(`${account}|${value}`);
      if (!recent) continue;
      if (recent.until < now) {
        this.recent.delete(`${account}|${value}`);
        continue;
      }
      if (recent.service === request.service) return recent.kind.notFound(value);
      // An instance profile launched with before it is visible: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html
      if (request.operation === 'RunInstances' && key.startsWith('IamInstanceProfile.')) {
        return { status: 400, code: 'InvalidParameterValue', message: `Value (${value}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name` };
      }
    }
    return undefined;
  }
}
