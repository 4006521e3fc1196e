// A loopback EC2 query endpoint just good enough for one real `packer build` (amazon-ebs, no communicator): it records every request.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';
const SOURCE_AMI = 'ami-1ebb2077';
const NEW_AMI = 'ami-0000000000000new';

const image = (id: string) =>
  `<item><imageId>${id}</imageId><imageLocation>x</imageLocation><imageState>available</imageState><imageOwnerId>1</imageOwnerId><isPublic>false</isPublic><architecture>x86_64</architecture><imageType>machine</imageType><name>src</name><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/sda1</rootDeviceName><virtualizationType>hvm</virtualizationType><blockDeviceMapping><item><deviceName>/dev/sda1</deviceName><ebs><snapshotId>snap-1</snapshotId><volumeSize>8</volumeSize><deleteOnTermination>true</deleteOnTermination><volumeType>gp2</volumeType></ebs></item></blockDeviceMapping></item>`;

const instance = (state: string, code: number) =>
  `<item><instanceId>i-1</instanceId><imageId>${SOURCE_AMI}</imageId><instanceState><code>${code}</code><name>${state}</name></instanceState><privateIpAddress>127.0.0.1</privateIpAddress><instanceType>t3.micro</instanceType><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/sda1</rootDeviceName><blockDeviceMapping><item><deviceName>/dev/sda1</deviceName><ebs><volumeId>vol-1</volumeId><status>attached</status></ebs></item></blockDeviceMapping></item>`;

export interface FakeEc2 {
  url: string;
  /** Every request's form parameters, in order. */
  requests: Record<string, string>[];
  close(): Promise<void>;
}

/** Starts the fake on a free loopback port. */
export async function startFakeEc2(): Promise<FakeEc2> {
  const requests: Record<string, string>[] = [];
  let state: 'running' | 'stopped' | 'terminated' = 'running';
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      requests.push(params);
      const action = params.Action ?? '';
      const reply = (inner = '<return>true</return>') => {
        res.setHeader('content-type', 'text/xml');
        res.end(`<${action}Response ${NS}><requestId>1</requestId>${inner}</${action}Response>`);
      };
      const instances = () => instance(state, state === 'running' ? 16 : state === 'stopped' ? 80 : 48);
      switch (action) {
        case 'DescribeRegions':
          return reply('<regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>x</regionEndpoint></item></regionInfo>');
        case 'DescribeImages': {
          const id = params['ImageId.1'];
          return reply(`<imagesSet>${id === SOURCE_AMI || id === NEW_AMI ? image(id) : ''}</imagesSet>`);
        }
        case 'CreateKeyPair':
          return reply(`<keyName>${params.KeyName}</keyName><keyFingerprint>aa</keyFingerprint><keyMaterial>none</keyMaterial>`);
        case 'CreateSecurityGroup':
          return reply('<return>true</return><groupId>sg-1</groupId>');
        case 'DescribeSecurityGroups':
          return reply('<securityGroupInfo><item><groupId>sg-1</groupId><groupName>x</groupName><ownerId>1</ownerId></item></securityGroupInfo>');
        case 'RunInstances':
          return reply(`<reservationId>r-1</reservationId><ownerId>1</ownerId><instancesSet>${instance('pending', 0)}</instancesSet>`);
        case 'DescribeInstances':
          return reply(
            `<reservationSet><item><reservationId>r-1</reservationId><ownerId>1</ownerId><instancesSet>${instances()}</instancesSet></item></reservationSet>`,
          );
        case 'StopInstances':
          state = 'stopped';
          return reply(
            '<instancesSet><item><instanceId>i-1</instanceId><currentState><code>64</code><name>stopping</name></currentState></item></instancesSet>',
          );
        case 'TerminateInstances':
          state = 'terminated';
          return reply(
            '<instancesSet><item><instanceId>i-1</instanceId><currentState><code>32</code><name>shutting-down</name></currentState></item></instancesSet>',
          );
        case 'CreateImage':
          return reply(`<imageId>${NEW_AMI}</imageId>`);
        case 'DescribeVolumes':
          return reply('<volumeSet/>');
        default:
          return reply();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
