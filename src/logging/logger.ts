import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { redactText, redactValue } from './redact.js';

export interface LoggerSettings {
  readonly level: string;
  readonly format: 'auto' | 'json' | 'pretty';
  /** where lines go; stdout by default (tests pass a capturing stream) */
  readonly destination?: DestinationStream;
}

/**
 * Ferry's pino logger: JSON lines (pretty on a terminal), every object and message passed
 * through redaction, so tokens, passwords, cookies and session ids never reach the output.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // err is redacted by the log formatter below, like every other field
    serializers: { err: (e: unknown) => e },
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redactValue(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) {
          if (typeof args[i] === 'string') args[i] = redactText(args[i] as string);
        }
        return method.apply(this, args as Parameters<typeof method>);
      },
    },
  };
  const wantPretty = settings.format === 'pretty' || (settings.format === 'auto' && !settings.destination && process.stdout.isTTY === true);
  if (wantPretty) {
    return pino(options, pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
  }
  return pino(options, settings.destination ?? pino.destination({ sync: false }));
}

export type { Logger };
