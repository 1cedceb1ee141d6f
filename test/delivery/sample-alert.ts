import type { AlertMessage } from '../../src/delivery/alert-message.js';

/** 2024-06-01 14:03:07 UTC. */
export const SAMPLE_TIME = Date.UTC(2024, 5, 1, 14, 3, 7);

/** A problem alert for disk@web01, with `overrides` applied. */
export function sampleMessage(overrides: Partial<AlertMessage> = {}): AlertMessage {
  return {
    service: 'disk',
    hosts: ['web01'],
    instance: 'demo',
    rc: 1,
    instances: 3,
    comment: '/var is 97% full',
    time: SAMPLE_TIME,
    token: 'R384756102',
    clear: false,
    alert: 'mail',
    addresses: ['alice@example.org'],
    callLists: ['oncall'],
    ...overrides,
  };
}
