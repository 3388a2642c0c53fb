import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';

/**
 * An HTTP agent whose connections are channels of one ssh connection, each running `docker system dial-stdio` on the
 * remote (what the docker CLI does for ssh:// hosts). docker-modem's own ssh agent opens a new ssh connection for
 * every request — a key exchange and a login per API call, seconds each on a loaded machine; this one logs in once and
 * reconnects only when the connection is gone. The connection does not keep the process alive.
 */
export class SshDialAgent extends http.Agent {
  private connection?: Promise<Client>;

  constructor(private readonly config: ConnectConfig) {
    super({ keepAlive: false });
  }

  override createConnection(_options: http.ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): Duplex | undefined {
    this.connect()
      .then((client) =>
        client.exec('docker system dial-stdio', (error, stream) => {
          if (error) return callback?.(error, undefined as never);
          callback?.(null, stream as unknown as Duplex);
        }),
      )
      .catch((error: Error) => callback?.(error, undefined as never));
    return undefined;
  }

  private connect(): Promise<Client> {
    this.connection ??= new Promise<Client>((resolve, reject) => {
      const client = new Client();
      const forget = () => {
        this.connection = undefined;
      };
      client.once('ready', () => {
        // The socket under ssh2's client: unref'd, so an idle connection does not keep the process running.
        (client as unknown as { _sock?: { unref?: () => void } })._sock?.unref?.();
        resolve(client);
      });
      client.once('error', (error) => {
        forget();
        reject(error);
      });
      client.once('close', forget);
      client.connect(this.config);
    });
    return this.connection;
  }

  override destroy(): void {
    void this.connection?.then((client) => client.end()).catch(() => undefined);
    this.connection = undefined;
    super.destroy();
  }
}
