/** A named HTTP endpoint from server.yaml, referenced by `call: {endpoint: name}`. */
export interface EndpointConfig {
  readonly name: string;
  /** absolute http(s) URI; may hold `${…}` evaluated per message */
  readonly uri: string;
  readonly method: string | undefined;
  /** milliseconds; applies to waiting for headers and for each body chunk */
  readonly timeout: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** A connection, validated further by the connector it names (see the connector issues). */
export interface ConnectionConfig {
  readonly connector: string;
  readonly type?: string;
  readonly [key: string]: unknown;
}

/** The whole of config/server.yaml after env substitution, defaults and validation; frozen. */
export interface ServerConfig {
  readonly server: {
    readonly host: string;
    readonly port: number;
    readonly managementPort: number;
    /** bytes; larger parsed bodies get 413 */
    readonly bodyLimit: number;
    /** bytes a streamed body (a resource with streamBody: true) may carry; 0 = no limit */
    readonly streamBodyLimit: number;
    /** milliseconds in-flight requests get to finish on SIGTERM/SIGINT */
    readonly shutdownTimeout: number;
    /** milliseconds a whole request may take before 408; 0 disables */
    readonly requestTimeout: number;
    /** reload the project when its files change (ferry start --watch) */
    readonly hotDeploy: boolean;
  };
  readonly logging: {
    readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    readonly format: 'auto' | 'json' | 'pretty';
  };
  readonly http: {
    /** keep-alive connections per upstream origin */
    readonly connectionsPerOrigin: number;
    /** default upstream timeout in milliseconds */
    readonly timeout: number;
    /** bytes; larger upstream response bodies are refused */
    readonly maxResponseSize: number;
  };
  readonly endpoints: Readonly<Record<string, EndpointConfig>>;
  readonly connections: Readonly<Record<string, ConnectionConfig>>;
  /** values readable as ${configs.name} */
  readonly configs: Readonly<Record<string, unknown>>;
  /** the management API, health probes and metrics on server.managementPort */
  readonly management: ManagementConfig;
  /** the embedded Salesforce sandbox org */
  readonly sandbox: {
    readonly enabled: boolean;
    readonly port: number;
    readonly host: string;
    /** absolute path of an extra seed file */
    readonly seed: string | undefined;
  };
}

/** A user of the management API: `POST /management/login` with Basic auth gives a bearer token. */
export interface ManagementUser {
  readonly username: string;
  /** `scrypt$<salt base64>$<hash base64>`, as printed by `ferry hash-password` */
  readonly passwordHash: string;
}

/** The `management:` section of server.yaml. */
export interface ManagementConfig {
  /** false: every /management resource answers 404 (the probes and /metrics stay) */
  readonly enabled: boolean;
  /** users with an empty username or passwordHash (an unset `${env:…:-}`) are left out */
  readonly users: readonly ManagementUser[];
  /** a static bearer token accepted on every protected resource; undefined when not set */
  readonly token: string | undefined;
  /** milliseconds a token issued by login stays valid */
  readonly tokenLifetime: number;
  readonly health: {
    /** /healthz runs each connection's testConnection without being asked (?connections=true) */
    readonly connections: boolean;
    /** milliseconds each connection check may take */
    readonly timeout: number;
  };
}
