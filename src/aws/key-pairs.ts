// The key pair of instance:create: import its public key when the region lacks it.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorCode } from './errors.js';

/** Makes sure key pair `name` exists in the client's region; imports the public key (read only then) when not. Returns true when imported. */
export async function ensureKeyPair(
  ec2: EC2Client,
  name: string,
  readPublicKey: () => Promise<{ key: string; from: string }>,
  signal?: AbortSignal,
): Promise<{ imported: boolean; from?: string }> {
  const { DescribeKeyPairsCommand, ImportKeyPairCommand } = await import('./sdk-ec2.js');
  const send = signal ? { abortSignal: signal } : {};
  try {
    const found = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name] }), send);
    if ((found.KeyPairs ?? []).some((k) => k.KeyName === name)) return { imported: false };
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidKeyPair.NotFound') throw error;
  }
  const { key, from } = await readPublicKey();
  await ec2.send(
    new ImportKeyPairCommand({
      KeyName: name,
      PublicKeyMaterial: new TextEncoder().encode(key),
      TagSpecifications: [{ ResourceType: 'key-pair', Tags: [{ Key: 'hangar:imported', Value: 'true' }] }],
    }),
    send,
  );
  return { imported: true, from };
}
