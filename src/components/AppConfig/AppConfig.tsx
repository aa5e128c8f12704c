import React, { ChangeEvent, FormEvent, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { AppPluginMeta, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput, Stack } from '@grafana/ui';
import { testIds } from '../testIds';
import type { AppSecureSettings, AppSettings } from '../../types';
import { ConnectionTestResult, testBackendConnection } from '../../api/connectionTest';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

/** Validates the URL the Grafana server will proxy to; returns an error message or undefined. */
export function validateBackendUrl(url: string): string | undefined {
  if (!url) {
    return 'Enter the backend URL, e.g. http://localhost:8070';
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return 'The backend URL must start with http:// or https://';
    }
  } catch {
    return `"${url}" is not a valid URL`;
  }
  return undefined;
}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [backendUrl, setBackendUrl] = useState(jsonData?.backendUrl ?? '');
  const [apiKey, setApiKey] = useState('');
  const [isApiKeySet, setIsApiKeySet] = useState(Boolean(secureJsonFields?.apiKey));
  const [saveError, setSaveError] = useState<string>();
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<ConnectionTestResult>();

  const urlError = backendUrl ? validateBackendUrl(backendUrl) : undefined;
  const canSave = !validateBackendUrl(backendUrl) && (isApiKeySet || apiKey.length > 0);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSave) {
      return;
    }
    // Only send the secret when the user typed a new one: an empty value would erase the stored key.
    const secureJsonData: AppSecureSettings | undefined = isApiKeySet ? undefined : { apiKey };
    try {
      await updatePluginSettings(plugin.meta.id, {
        enabled: true,
        pinned: pinned ?? true,
        jsonData: { ...jsonData, backendUrl },
        secureJsonData,
      });
      // Grafana has no supported way to refresh a plugin's meta in place: reload to pick up the new settings.
      window.location.reload();
    } catch (error) {
      setSaveError(error instanceof Error ? error.message : String(error));
    }
  };

  const onTest = async () => {
    setTesting(true);
    setTestResult(undefined);
    setTestResult(await testBackendConnection());
    setTesting(false);
  };

  return (
    <form onSubmit={onSubmit}>
      <FieldSet label="Foresight backend">
        <Field
          label="Backend URL"
          description="Where the Grafana server reaches the Foresight backend (it proxies every call and adds the API key)."
          invalid={Boolean(urlError)}
          error={urlError}
        >
          <Input
            width={60}
            id="config-backend-url"
            name="backendUrl"
            data-testid={testIds.appConfig.backendUrl}
            value={backendUrl}
            placeholder="http://localhost:8070"
            onChange={(event: ChangeEvent<HTMLInputElement>) => setBackendUrl(event.target.value.trim())}
          />
        </Field>
        <Field
          label="API key"
          description="The backend's FORESIGHT_API_KEY. Stored encrypted by Grafana and never sent back to the browser."
        >
          <SecretInput
            width={60}
            id="config-api-key"
            name="apiKey"
            data-testid={testIds.appConfig.apiKey}
            value={apiKey}
            isConfigured={isApiKeySet}
            placeholder="API key"
            onChange={(event: ChangeEvent<HTMLInputElement>) => setApiKey(event.target.value.trim())}
            onReset={() => {
              setApiKey('');
              setIsApiKeySet(false);
            }}
          />
        </Field>
        {saveError && (
          <Alert severity="error" title="Settings were not saved">
            {saveError}
          </Alert>
        )}
        <Stack gap={2}>
          <Button type="submit" data-testid={testIds.appConfig.submit} disabled={!canSave}>
            {enabled ? 'Save settings' : 'Enable and save'}
          </Button>
          <Button
            type="button"
            variant="secondary"
            icon={testing ? 'spinner' : 'heart-rate'}
            disabled={testing || !jsonData?.backendUrl}
            onClick={onTest}
            data-testid={testIds.appConfig.testConnection}
          >
            Test connection
          </Button>
        </Stack>
        {testResult && (
          <div data-testid={testIds.appConfig.connectionResult} data-ok={String(testResult.ok)}>
            <Alert
              severity={testResult.ok ? 'success' : 'error'}
              title={
                testResult.ok
                  ? 'Backend connected'
                  : `Connection test failed at ${testResult.step === 'health' ? '/health' : 'the authenticated API'}`
              }
            >
              {testResult.message}
            </Alert>
          </div>
        )}
      </FieldSet>
    </form>
  );
};

export default AppConfig;

async function updatePluginSettings(
  pluginId: string,
  data: Partial<PluginMeta<AppSettings>> & { secureJsonData?: AppSecureSettings }
) {
  return lastValueFrom(
    getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data, showErrorAlert: false })
  );
}
