/** GET /bank-sync/settings: the effective, non-secret configuration. */
export declare namespace GetSettings {
  interface Response {
    data: {
      defaultTimeZone: string;
      encryptionConfigured: boolean;
      scheduler: { enabled: boolean; tickRule: string; concurrency: number; leaseSeconds: number };
      sync: {
        frequencyMinutes: number;
        firstFetchDays: number;
        overlapDays: number;
        batchSize: number;
        consentWarningDays: number;
      };
      webhooksEnabled: boolean;
    };
  }
}
