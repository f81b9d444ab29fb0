// The words of the Testing view (issue 22): the controller, a job's item, its runs, Compare with
// Previous Run, Show Results. Server text never comes here unmade: callers pass it plain.

export const TESTING = {
  controller: 'LAVA',
  jobLabel: (jobId: string) => `LAVA job ${jobId}`,
  /** A job's item description: the server, when several are configured. */
  jobServer: (serverName: string) => serverName,
  runName: (jobId: string) => `LAVA job ${jobId}`,
  runProfile: 'Submit to LAVA',
  definitionLabel: (fileName: string) => `LAVA job definition ${fileName}`,
  failedCases: (n: number) => (n === 1 ? '1 test case failed.' : `${n} test cases failed.`),
  incomplete: 'The list of test cases was longer than what was read.',
  readFailed: (message: string) => `Could not read the results: ${message}`,
  unknownResult: (word: string) => `result: ${word}`,
  notResultsAddress: 'This is not a LAVA results address.\n',
  /** A results document that could not be read (the error's words are server text, made plain by the caller). */
  readFailedDocument: (message: string) => `Could not read the results: ${message}\n`,
} as const;

export const COMPARE = {
  title: 'LAVA: Compare with Previous Run',
  documentTitle: (before: string, after: string) => `LAVA job ${after} vs ${before}`,
  reading: (jobId: string) => `Looking for the previous run of LAVA job ${jobId}…`,
  noPrevious: (jobId: string) => `No previous finished run of LAVA job ${jobId} with the same description was found.`,
  failed: (jobId: string, message: string) => `Could not compare LAVA job ${jobId}: ${message}`,
  otherJob: 'Compare with which job? (a job id; empty: the previous run with the same description)',
} as const;
