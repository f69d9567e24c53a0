// What stands on a subnet, a VPC or a security group and would stop its replacement: live instances, named with their
// Name and lab (the directory-app lab's instance in public-a), and network interfaces of anything else (a NAT gateway,
// a load balancer, a VPC endpoint).
import { type Filter, paginateDescribeInstances, paginateDescribeNetworkInterfaces } from '@aws-sdk/client-ec2';
import type { Ec2Reader } from '../../lookup.js';
import { labOf, nameTag } from '../../tags.js';

/** Every state but terminated: a stopped instance still holds its network interface. */
const LIVE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

export interface UsersFilter {
  /** e.g. `subnet-id`, `vpc-id`, `instance.group-id`. */
  instances: string;
  /** e.g. `subnet-id`, `vpc-id`, `group-id`. */
  interfaces: string;
}

/** What uses the resource, in words, e.g. `instance i-0abc (employee-directory, lab directory-app)`. */
export async function usersOf(reader: Ec2Reader, id: string, by: UsersFilter): Promise<string[]> {
  const instances: string[] = [];
  const filters: Filter[] = [
    { Name: by.instances, Values: [id] },
    { Name: 'instance-state-name', Values: LIVE_STATES },
  ];
  for await (const page of paginateDescribeInstances({ client: reader.clients.ec2 }, { Filters: filters })) {
    for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      const about = [nameTag(instance.Tags), labOf(instance.Tags) && `lab ${labOf(instance.Tags)}`].filter(Boolean).join(', ');
      instances.push(`instance ${instance.InstanceId}${about ? ` (${about})` : ''}`);
    }
  }
  const others: string[] = [];
  for await (const page of paginateDescribeNetworkInterfaces({ client: reader.clients.ec2 }, { Filters: [{ Name: by.interfaces, Values: [id] }] })) {
    // An instance's own interface is named by the instance above (a terminated one's may linger a moment).
    for (const eni of (page.NetworkInterfaces ?? []).filter((n) => !n.Attachment?.InstanceId)) {
      others.push(`network interface ${eni.NetworkInterfaceId} (${eni.Description || eni.InterfaceType || 'no description'})`);
    }
  }
  return [...instances, ...others];
}
