/** Settings stored by Grafana for the app (jsonData); the API key lives in secureJsonData. */
export interface AppSettings {
  /** Base URL of the Foresight backend as seen from the Grafana server, e.g. http://localhost:8070. */
  backendUrl?: string;
}

export interface AppSecureSettings {
  apiKey?: string;
}
