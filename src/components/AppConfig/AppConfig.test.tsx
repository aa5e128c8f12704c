import React from 'react';
import { render, screen } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps, validateBackendUrl } from './AppConfig';
import { testIds } from '../testIds';

function renderConfig(meta: Partial<AppConfigProps['plugin']['meta']>) {
  const plugin = {
    meta: { id: 'foresight-aiops-app', name: 'Foresight', type: PluginType.app, enabled: true, jsonData: {}, ...meta },
  };
  // @ts-ignore the config page only reads plugin.meta
  return render(<AppConfig plugin={plugin} query={{}} />);
}

describe('AppConfig', () => {
  it('shows the backend URL, the write-only key and the actions', () => {
    renderConfig({ jsonData: { backendUrl: 'http://localhost:8070' } });
    expect(screen.getByTestId(testIds.appConfig.backendUrl)).toHaveValue('http://localhost:8070');
    expect(screen.getByTestId(testIds.appConfig.apiKey)).toBeInTheDocument();
    expect(screen.getByTestId(testIds.appConfig.testConnection)).toBeEnabled();
    // No key stored and none typed: saving is not possible yet.
    expect(screen.getByTestId(testIds.appConfig.submit)).toBeDisabled();
  });

  it('shows a stored key as configured, never its value, and allows saving', () => {
    renderConfig({ jsonData: { backendUrl: 'http://localhost:8070' }, secureJsonFields: { apiKey: true } });
    expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /reset/i })).toBeInTheDocument();
    expect(screen.getByTestId(testIds.appConfig.submit)).toBeEnabled();
  });

  it('cannot test a connection before a URL is saved', () => {
    renderConfig({ jsonData: {} });
    expect(screen.getByTestId(testIds.appConfig.testConnection)).toBeDisabled();
  });

  it.each([
    ['', 'Enter the backend URL, e.g. http://localhost:8070'],
    ['localhost:8070', 'The backend URL must start with http:// or https://'],
    ['not a url', '"not a url" is not a valid URL'],
    ['http://localhost:8070', undefined],
    ['https://foresight.internal/base', undefined],
  ])('validateBackendUrl(%j) → %j', (url, expected) => {
    expect(validateBackendUrl(url)).toBe(expected);
  });
});
