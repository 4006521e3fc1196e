// The Auto Scaling SDK names hangar imports lazily: one module, so the bundle carries these commands and their schemas only.
export {
  AutoScalingClient,
  DescribeScalingActivitiesCommand,
  paginateDescribeAutoScalingGroups,
  paginateDescribeLaunchConfigurations,
} from '@aws-sdk/client-auto-scaling';
