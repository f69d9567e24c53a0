#!/usr/bin/env bash
# The week-one resources built with plain `aws` CLI commands, one process per call, as a student following
# a console-free tutorial would. Tagged like the labs, so `lab reset all` cleans up after it.
# Usage: AWS_ENDPOINT_URL=… AWS_ACCESS_KEY_ID=<12 digits> AWS_SECRET_ACCESS_KEY=test bench/aws-cli/week-one.sh <bundle-file>
set -euo pipefail
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}" AWS_PAGER=""
region="$AWS_DEFAULT_REGION"
bundle="$1"
endpoint=(${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"})
q() { aws "${endpoint[@]}" "$@" --output text; }
tags() { echo "Key=workbook:lab,Value=$1"; }

# connect
account=$(q sts get-caller-identity --query Account)
q ec2 describe-regions --query 'Regions[].RegionName' >/dev/null
q ec2 describe-availability-zones --query 'AvailabilityZones[].ZoneName' >/dev/null

# billing-alarm (us-east-1)
topic=$(q sns create-topic --region us-east-1 --name billing-alerts --tags "$(tags billing-alarm)" --query TopicArn)
queue=$(q sqs create-queue --region us-east-1 --queue-name billing-alerts-inbox --tags workbook:lab=billing-alarm --query QueueUrl)
queue_arn=$(q sqs get-queue-attributes --region us-east-1 --queue-url "$queue" --attribute-names QueueArn --query Attributes.QueueArn)
policy="{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"sqs:SendMessage\",\"Resource\":\"$queue_arn\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\"$topic\"}}}]}"
q sqs set-queue-attributes --region us-east-1 --queue-url "$queue" --attributes "{\"Policy\":$(printf '%s' "$policy" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')}"
q sns subscribe --region us-east-1 --topic-arn "$topic" --protocol sqs --notification-endpoint "$queue_arn" >/dev/null
q cloudwatch put-metric-alarm --region us-east-1 --alarm-name billing-over-10-usd --namespace AWS/Billing --metric-name EstimatedCharges \
  --dimensions Name=Currency,Value=USD --statistic Maximum --period 21600 --evaluation-periods 1 --threshold 10 \
  --comparison-operator GreaterThanThreshold --alarm-actions "$topic" --tags "$(tags billing-alarm)"
q cloudwatch set-alarm-state --region us-east-1 --alarm-name billing-over-10-usd --state-value ALARM --state-reason "bench test"
q sqs receive-message --region us-east-1 --queue-url "$queue" --wait-time-seconds 5 >/dev/null

# root-and-admin
q iam update-account-password-policy --minimum-password-length 14 --require-symbols --require-numbers \
  --require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password --password-reuse-prevention 24
q iam create-group --group-name Admins --path /workbook/root-and-admin/ >/dev/null
q iam attach-group-policy --group-name Admins --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
q iam create-user --user-name admin --tags "$(tags root-and-admin)" >/dev/null
q iam add-user-to-group --group-name Admins --user-name admin
q iam create-login-profile --user-name admin --password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18) + "aA1!")')" --password-reset-required >/dev/null
seed_file=$(mktemp)
mfa=$(q iam create-virtual-mfa-device --virtual-mfa-device-name admin --outfile "$seed_file" --bootstrap-method Base32StringSeed --tags "$(tags root-and-admin)" --query VirtualMFADevice.SerialNumber)
codes=$(python3 - "$seed_file" <<'PY'
import base64, hmac, struct, sys, time
seed = base64.b32decode(open(sys.argv[1]).read().strip())
def code(step):
    digest = hmac.new(seed, struct.pack(">Q", step), "sha1").digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)
now = int(time.time()) // 30
print(code(now - 1), code(now))
PY
)
rm -f "$seed_file"
read -r code1 code2 <<<"$codes"
q iam enable-mfa-device --user-name admin --serial-number "$mfa" --authentication-code1 "$code1" --authentication-code2 "$code2"

# sign-request: the signer is code, not a resource; the CLI signs its own call
q sts get-caller-identity >/dev/null

# ec2-role
bucket="employee-photos-$account-$region"
q iam create-role --role-name EmployeeDirectoryAppRole --tags "$(tags ec2-role)" --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
q iam put-role-policy --role-name EmployeeDirectoryAppRole --policy-name photos-bucket --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"arn:aws:s3:::$bucket\"},{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\"],\"Resource\":\"arn:aws:s3:::$bucket/*\"}]}"
q iam create-instance-profile --instance-profile-name EmployeeDirectoryAppRole --tags "$(tags ec2-role)" >/dev/null
q iam add-role-to-instance-profile --instance-profile-name EmployeeDirectoryAppRole --role-name EmployeeDirectoryAppRole
q sts assume-role --role-arn "arn:aws:iam::$account:role/EmployeeDirectoryAppRole" --role-session-name bench --query Credentials.Expiration >/dev/null

# vpc
spec() { echo "ResourceType=$1,Tags=[{Key=workbook:lab,Value=vpc},{Key=Name,Value=$2}]"; }
read -r az_a az_b _ <<<"$(q ec2 describe-availability-zones --query 'AvailabilityZones[].ZoneName')"
vpc=$(q ec2 create-vpc --cidr-block 10.1.0.0/16 --tag-specifications "$(spec vpc app-vpc)" --query Vpc.VpcId)
q ec2 modify-vpc-attribute --vpc-id "$vpc" --enable-dns-hostnames
subnet() { q ec2 create-subnet --vpc-id "$vpc" --cidr-block "$1" --availability-zone "$2" --tag-specifications "$(spec subnet "$3")" --query Subnet.SubnetId; }
public_a=$(subnet 10.1.1.0/24 "$az_a" public-a)
public_b=$(subnet 10.1.2.0/24 "$az_b" public-b)
subnet 10.1.3.0/24 "$az_a" private-a >/dev/null
subnet 10.1.4.0/24 "$az_b" private-b >/dev/null
q ec2 modify-subnet-attribute --subnet-id "$public_a" --map-public-ip-on-launch
q ec2 modify-subnet-attribute --subnet-id "$public_b" --map-public-ip-on-launch
igw=$(q ec2 create-internet-gateway --tag-specifications "$(spec internet-gateway app-igw)" --query InternetGateway.InternetGatewayId)
q ec2 attach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc"
rt=$(q ec2 create-route-table --vpc-id "$vpc" --tag-specifications "$(spec route-table public-rt)" --query RouteTable.RouteTableId)
q ec2 create-route --route-table-id "$rt" --destination-cidr-block 0.0.0.0/0 --gateway-id "$igw" >/dev/null
q ec2 associate-route-table --route-table-id "$rt" --subnet-id "$public_a" >/dev/null
q ec2 associate-route-table --route-table-id "$rt" --subnet-id "$public_b" >/dev/null
sg=$(q ec2 create-security-group --group-name web-sg --description "HTTP and HTTPS from anywhere" --vpc-id "$vpc" --tag-specifications "$(spec security-group web-sg)" --query GroupId)
q ec2 authorize-security-group-ingress --group-id "$sg" --ip-permissions \
  'IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=0.0.0.0/0}]' 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}]' >/dev/null

# directory-app
q s3api create-bucket --bucket "$bucket" >/dev/null
q s3api put-public-access-block --bucket "$bucket" --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
q s3api put-bucket-encryption --bucket "$bucket" --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
q s3api put-bucket-tagging --bucket "$bucket" --tagging 'TagSet=[{Key=workbook:lab,Value=directory-app}]'
q s3 cp "$bundle" "s3://$bucket/app/directory-app.mjs" >/dev/null
ami=$(q ssm get-parameter --name /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --query Parameter.Value 2>/dev/null \
  || q ec2 describe-images --query 'Images[0].ImageId')
instance=$(q ec2 run-instances --image-id "$ami" --instance-type t3.micro --subnet-id "$public_a" --security-group-ids "$sg" \
  --iam-instance-profile Name=EmployeeDirectoryAppRole --metadata-options HttpTokens=required,HttpEndpoint=enabled \
  --tag-specifications "ResourceType=instance,Tags=[{Key=workbook:lab,Value=directory-app},{Key=Name,Value=employee-directory}]" \
  --query 'Instances[0].InstanceId')
q ec2 wait instance-running --instance-ids "$instance"
