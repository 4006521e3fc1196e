// Launch configurations: AWS accepts no new ones, and the sandbox has none; describing them answers an empty list.
import type * as ASG from '@aws-sdk/client-auto-scaling';
import { apiError } from '../api-error.js';
import { type HandlerTable, handler } from '../context.js';

export const legacyHandlers: HandlerTable = {
  DescribeLaunchConfigurations: handler<ASG.LaunchConfigurationNamesType, ASG.LaunchConfigurationsType>(() => ({ LaunchConfigurations: [] })),

  CreateLaunchConfiguration: handler<ASG.CreateLaunchConfigurationType, object>(() => {
    throw apiError('UnsupportedOperation', 'New accounts can no longer create launch configurations: use a launch template.');
  }),
};
