// Real clients we did not write, pointed at the sandbox: a packer template override and the AWS CLI.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';

/** The built-in template's builder without SSH or provisioners (`communicator: none`), so real packer can build against the sandbox. */
export const SANDBOX_PACKER_TEMPLATE = `{
  "variables": { "aws_endpoint": "" },
  "builders": [
    {
      "type": {{json type}},
      "region": {{json region}},
      "source_ami": {{json source_ami}},
      "instance_type": {{json instance_type}},
      "ami_name": {{json ami_name}},
      "ami_description": {{json description}},
      "custom_endpoint_ec2": "\\{{user \`aws_endpoint\`}}",
      "skip_region_validation": true,
      "communicator": "none",
      "tags": {{json tags}},
      "run_tags": {{json run_tags}}
    }
  ]
}
`;

/** Writes the override into a project's own templates/ folder. */
export function useSandboxPackerTemplate(projectDir: string): void {
  mkdirSync(join(projectDir, 'templates'), { recursive: true });
  writeFileSync(join(projectDir, 'templates', 'packer.json.hbs'), SANDBOX_PACKER_TEMPLATE);
}

/** Dummy credentials for outside clients (the sandbox checks no signature). */
export const OUTSIDE_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/** Runs Debian's `aws` (not a pyenv shim) against `url`; expects exit 0 and returns the parsed JSON. */
export async function awsCli(url: string, ...args: string[]): Promise<Record<string, any>> {
  const result = await execa('/usr/bin/aws', ['--endpoint-url', url, '--output', 'json', ...args], { env: OUTSIDE_AWS_ENV, reject: false });
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, any>;
}
