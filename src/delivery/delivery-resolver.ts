import type { Config, SmtpSettings } from '../config/config-model.js';
import type { ProcessRunner } from '../exec/process-run.js';
import type { DeliveryDeps } from './deliver-entry.js';
import type { DeliveryModuleSettings } from './delivery-module.js';
import type { FormatOptions } from './format-full.js';
import type { Formatter } from './formatter.js';
import { builtInFormatter } from './formatter.js';
import type { MailTransmitterOptions } from './mail-transmitter.js';
import { MailTransmitter } from './mail-transmitter.js';
import { ModuleFormatter } from './module-formatter.js';
import { ModuleTransmitter } from './module-transmitter.js';
import type { Transmitter } from './transmitter.js';

/** The name of the built-in SMTP transmitter. */
export const MAIL_TRANSMITTER = 'mail';

export interface DeliveryResolverSettings {
  /** How format and transmit modules are run. */
  readonly modules: DeliveryModuleSettings;
  readonly smtp: SmtpSettings;
  /** Timeouts and TLS settings of the mail transmitter. */
  readonly mail?: Omit<MailTransmitterOptions, 'smtp'>;
  /** Time zone of the built-in formats. */
  readonly format?: FormatOptions;
}

/**
 * Finds formats and transmitters by name for deliverEntry: full, compact and
 * sms are built in, any other format is mod/format/<name>; `mail` is the
 * built-in SMTP transmitter, any other is mod/transmit/<name>. Modules are
 * not looked for here: a missing one fails its delivery with rc 4.
 */
export class DeliveryResolver implements DeliveryDeps {
  private mail: MailTransmitter | undefined;
  private readonly formatters = new Map<string, Formatter>();
  private readonly transmitters = new Map<string, Transmitter>();

  constructor(private readonly settings: DeliveryResolverSettings) {}

  /** The daemon's resolver: module settings and SMTP from the configuration. */
  static fromConfig(config: Config, runner: ProcessRunner, prefix?: string): DeliveryResolver {
    const { instance } = config;
    return new DeliveryResolver({
      modules: { runner, moduleDir: config.moduleDir, tmpDir: instance.tmpDir, instance: instance.name, ...(prefix === undefined ? {} : { prefix }) },
      smtp: instance.smtp,
    });
  }

  formatter(name: string): Formatter {
    let formatter = this.formatters.get(name);
    if (formatter === undefined) {
      formatter = builtInFormatter(name, this.settings.format) ?? new ModuleFormatter(name, this.settings.modules);
      this.formatters.set(name, formatter);
    }
    return formatter;
  }

  transmitter(name: string): Transmitter {
    if (name === MAIL_TRANSMITTER) {
      this.mail ??= new MailTransmitter({ ...this.settings.mail, smtp: this.settings.smtp });
      return this.mail;
    }
    let transmitter = this.transmitters.get(name);
    if (transmitter === undefined) {
      transmitter = new ModuleTransmitter(name, this.settings.modules);
      this.transmitters.set(name, transmitter);
    }
    return transmitter;
  }

  /** Closes the mail transmitter's connections. */
  async close(): Promise<void> {
    await this.mail?.close();
  }
}
