// The etcd3 client options of a connection (endpoints, TLS, auth): one place for locks and history (the registry uses etcd-http/).
import type { IOptions } from 'etcd3';
import type { EtcdConnection } from './settings.js';

export function etcdClientOptions(connection: EtcdConnection): IOptions {
  const options: IOptions = { hosts: connection.endpoints, dialTimeout: 5_000 };
  if (connection.tls) {
    options.credentials = {
      rootCertificate: connection.tls.ca ?? (null as unknown as Buffer),
      ...(connection.tls.key ? { privateKey: connection.tls.key } : {}),
      ...(connection.tls.cert ? { certChain: connection.tls.cert } : {}),
    };
  }
  if (connection.auth) options.auth = { username: connection.auth.user, password: connection.auth.password };
  return options;
}
