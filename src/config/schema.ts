import { DURATION_SCHEMA, SIZE_SCHEMA } from './units.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NAME = '^[A-Za-z_][A-Za-z0-9_-]*$';

/** A management user's passwordHash: `scrypt$<salt base64>$<hash base64>` (ferry hash-password). */
export const PASSWORD_HASH = /^scrypt\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;
/** The shortest static management token accepted. */
export const MIN_MANAGEMENT_TOKEN = 16;

/** JSON Schema of config/server.yaml (also shipped as schemas/server.schema.json for editors). */
export const SERVER_SCHEMA = {
  $id: 'https://ferry.dev/schemas/server.schema.json',
  title: 'Ferry server configuration (config/server.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    server: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: 'string', description: 'interface to listen on (default 0.0.0.0)' },
        port: { type: 'integer', minimum: 0, maximum: 65535, description: 'HTTP port for APIs (default 8290)' },
        managementPort: { type: 'integer', minimum: 0, maximum: 65535, description: 'management API port (default 9164)' },
        bodyLimit: { ...SIZE_SCHEMA, description: 'largest request body that is parsed (default 10mb); larger → 413' },
        streamBodyLimit: { ...SIZE_SCHEMA, description: 'largest body of a resource with streamBody: true, which is streamed, not parsed (default 2gb; 0 = no limit); larger → 413' },
        shutdownTimeout: { ...DURATION_SCHEMA, description: 'how long in-flight requests may finish on SIGTERM (default 10s)' },
        requestTimeout: { ...DURATION_SCHEMA, description: 'longest a whole request may take (default 0 = none)' },
        hotDeploy: { type: 'boolean', description: 'reload the project when its files change, as ferry start --watch does (default false)' },
      },
    },
    logging: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: { enum: LOG_LEVELS, description: 'default info' },
        format: { enum: ['auto', 'json', 'pretty'], description: 'auto = pretty on a terminal, JSON otherwise' },
      },
    },
    http: {
      type: 'object',
      additionalProperties: false,
      description: 'the outbound HTTP client (undici) used by call and connectors',
      properties: {
        connectionsPerOrigin: { type: 'integer', minimum: 1, maximum: 4096, description: 'keep-alive connections per upstream origin (default 64)' },
        timeout: { ...DURATION_SCHEMA, description: 'default upstream timeout (default 30s)' },
        maxResponseSize: { ...SIZE_SCHEMA, description: 'largest upstream response body read (default 50mb)' },
      },
    },
    endpoints: {
      type: 'object',
      description: 'named HTTP endpoints for the call mediator',
      propertyNames: { pattern: NAME },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['uri'],
        properties: {
          uri: { type: 'string', pattern: '^(https?://|\\$\\{)', description: 'absolute http(s) URI; may contain ${…}' },
          method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
          timeout: DURATION_SCHEMA,
          headers: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
    connections: {
      type: 'object',
      description: 'named connector connections, referenced by configKey',
      propertyNames: { pattern: NAME },
      additionalProperties: {
        type: 'object',
        required: ['connector'],
        properties: {
          connector: { type: 'string', description: 'the connector this connection is for, e.g. salesforce' },
          type: { type: 'string', description: 'connection type of that connector' },
        },
      },
    },
    configs: {
      type: 'object',
      description: 'values readable in expressions as ${configs.name}',
    },
    management: {
      type: 'object',
      additionalProperties: false,
      description: 'the management API (/management/…), health probes (/livez, /healthz) and /metrics on server.managementPort',
      properties: {
        enabled: { type: 'boolean', description: 'serve the /management resources (default true); the probes and /metrics are served either way' },
        users: {
          type: 'array',
          description: 'who may log in (POST /management/login with Basic auth); a user whose username or passwordHash is empty is left out',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['username', 'passwordHash'],
            properties: {
              username: { type: 'string' },
              passwordHash: { type: 'string', description: 'scrypt$<salt>$<hash> as printed by ferry hash-password (never the password itself)' },
            },
          },
        },
        token: { type: 'string', description: 'a static bearer token (at least 16 characters), e.g. ${env:FERRY_MGMT_TOKEN:-}; empty = none' },
        tokenLifetime: { ...DURATION_SCHEMA, description: 'how long a token issued by login stays valid (default 1h)' },
        health: {
          type: 'object',
          additionalProperties: false,
          properties: {
            connections: { type: 'boolean', description: "/healthz also runs every connection's testConnection operation (default false; /healthz?connections=true asks for it once)" },
            timeout: { ...DURATION_SCHEMA, description: 'how long each connection check may take (default 5s)' },
          },
        },
      },
    },
    sandbox: {
      type: 'object',
      additionalProperties: false,
      description: 'the embedded Salesforce sandbox org started by ferry start',
      properties: {
        enabled: { type: 'boolean', description: 'start it (default false)' },
        port: { type: 'integer', minimum: 0, maximum: 65535, description: 'default 9270' },
        host: { type: 'string', description: 'default 127.0.0.1' },
        seed: { type: 'string', description: 'a seed file (relative to the project) added to the default seed' },
      },
    },
  },
} as const;
