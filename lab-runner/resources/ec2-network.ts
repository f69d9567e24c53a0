// The EC2 network a lab builds: VPCs, subnets, internet gateways (and their attachment), route tables (and their
// routes and subnet associations), security groups (and their inbound rules). Each kind is found by its lab tag for
// `lab reset` and the page's picture, and converges on the create and attach calls a step makes; one file each in
// ec2-network/.
import type { ResourceKind } from './kind.js';
import { internetGatewayKinds } from './ec2-network/internet-gateway.js';
import { routeTableKinds } from './ec2-network/route-table.js';
import { securityGroupKinds } from './ec2-network/security-group.js';
import { subnetKinds } from './ec2-network/subnet.js';
import { vpcKinds } from './ec2-network/vpc.js';

export const ec2NetworkKinds: ResourceKind[] = [...securityGroupKinds, ...routeTableKinds, ...subnetKinds, ...internetGatewayKinds, ...vpcKinds];
