// The image the public SSM parameter names, checked with EC2: an id the region does not know would fail the launch
// with a less helpful message.
import { DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import { LabProblem, type LabContext } from '../../lab-runner/lab.js';
import { AMI_PARAMETER } from './spec.js';

export async function knownImage(ctx: LabContext, imageId: string | undefined): Promise<Image> {
  const image = imageId ? await describeImage(ctx, imageId) : undefined;
  if (!image?.ImageId) {
    throw new LabProblem('UnknownImage', `${AMI_PARAMETER} names ${imageId ?? 'no image'}, which EC2 does not know in ${ctx.region}.`, `Check the parameter's name, and that ${ctx.region} is the region you mean.`);
  }
  return image;
}

async function describeImage(ctx: LabContext, imageId: string): Promise<Image | undefined> {
  try {
    return (await ctx.clients.ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }))).Images?.[0];
  } catch (error) {
    if (error instanceof Error && /^InvalidAMIID\./.test(error.name)) return undefined;
    throw error;
  }
}
