// Devices, device types and workers as the LAVA view shows them (read over REST and XML-RPC, kept current by events).
// Every string here is server text: untrusted.

/** LAVA's device health (`Device.HEALTH_CHOICES` display names). */
export type DeviceHealth = 'Good' | 'Unknown' | 'Looping' | 'Bad' | 'Maintenance' | 'Retired';
/** LAVA's device state (`Device.STATE_CHOICES` display names). */
export type DeviceState = 'Idle' | 'Reserved' | 'Running';

export interface DeviceInfo {
  hostname: string;
  deviceType: string;
  /** As the server says it; an unknown word is kept (shown plain) rather than guessed. */
  health: DeviceHealth | string;
  state: DeviceState | string;
  worker: string | null;
  /** The job the device runs now (`"12"`, `"12.1"`), when known. */
  currentJob: string | null;
}

export interface DeviceTypeInfo {
  name: string;
  /** Jobs waiting for a device of this type (Submitted), when known. */
  queued?: number;
}

export interface WorkerInfo {
  hostname: string;
  /** `Online` | `Offline`. */
  state: string;
  /** `Active` | `Maintenance` | `Retired`. */
  health: string;
}
