// core/text — the words of completion, hover and the Outline of a job definition (issue 23).

export const HOVER_TEXT = {
  /** The link to LAVA's documentation page in a hover. */
  docLink: "LAVA's documentation",
} as const;

export const COMPLETION_TEXT = {
  required: 'required',
  serverDeviceType: 'device type on the server',
  serverDeviceTag: 'device tag on the server',
  serverDeviceHostname: 'device on the server',
} as const;

export const OUTLINE_TEXT = {
  /** The Outline's name for our symbols (shown when several providers give one). */
  label: 'LAVA job definition',
  /** An action's detail: its method (`to:` of a deploy, `method:` of a boot) and its timeout. */
  timeout: (text: string) => `timeout ${text}`,
} as const;
