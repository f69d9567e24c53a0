// What the vpc lab builds, as its checks expect it: the names (a contract, see DESIGN.md), the address plan, the web
// ports. The lab's own code writes its plan out for the student to read and change; the checks hold it to this one.

export const VPC_NAME = 'app-vpc';
export const VPC_CIDR = '10.1.0.0/16';
export const IGW_NAME = 'app-igw';
export const PUBLIC_RT_NAME = 'public-rt';
export const WEB_SG_NAME = 'web-sg';

/** Each subnet's planned range; a subnet lies in one zone for good. */
export const PLANNED_SUBNETS = {
  'public-a': '10.1.1.0/24',
  'public-b': '10.1.2.0/24',
  'private-a': '10.1.3.0/24',
  'private-b': '10.1.4.0/24',
} as const;

export type SubnetName = keyof typeof PLANNED_SUBNETS;

export const PUBLIC_SUBNETS: SubnetName[] = ['public-a', 'public-b'];
export const PRIVATE_SUBNETS: SubnetName[] = ['private-a', 'private-b'];

export const WEB_PORTS = [80, 443];
export const ANYWHERE = '0.0.0.0/0';

/** The directory-app lab launches one in public-a, so both zones must offer it. */
export const INSTANCE_TYPE = 't3.micro';
